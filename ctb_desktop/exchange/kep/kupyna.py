"""ДСТУ 7564:2014 «Купина»: the Ukrainian hash of 256, 384 or 512 bits (any 8…512 in the
standard), on the Kalyna (ДСТУ 7624:2014) round with its four S-boxes and MDS matrix.

The state is a list of 64-bit columns (little-endian); one round of either permutation,
S-boxes, row shifts and the column mix together, is eight lookups a column in tables built
once from the S-boxes (the usual "T-table" form).
"""

from __future__ import annotations

import struct
from functools import cache

# π0…π3 of ДСТУ 7624:2014, 256 bytes each.
SBOXES = tuple(
    bytes.fromhex(box)
    for box in (
        (
            "a8435f066b756c5971df879517f0d8096df31dcbc94d2caf79e097fd6f4b4539"
            "3edda34fb4b69a0e1fbf15e149d293c692729e61d163faeef419d5ad58a4bba1"
            "dcf2833742e47a329cccab4a8f6e04272ee7e25a9616232bc265660fbca94741"
            "3448fcb76a88a55386f95bdb387bc31e2233242836c7b23b8e77baf5149f0855"
            "9b4cfe605cda1846cd7d21b03f1b89ffeb84693a9dd7d3706740b5de5d3091b1"
            "781101e5006898a0c502a6742d0ba276b3becebdaee98a311cecf19994aaf626"
            "2fefe88c3503d47ffb05c15e90203d82f7ea0a0d7ef8501ac40757b83c62e3c8"
            "ac526410d0d9130c122951b9cfd6738d8154c0ed4e44a72a8525e6ca7c8b5680"
        ),
        (
            "cebbeb92eacb13c1e93ad6b2d29017f8421556b4651c8843c55c36baf557678d"
            "31f664589ef422aa750f02b1df6d734d7c262ef7085d443e9f14c8ae5410d8bc"
            "1a6b69f3bd33abfad19b684e169591ee4c638e5bcc3c19a181497bd96f3760ca"
            "e72b48fd9645fc41120d79e5898ce32030dcb76c4ab53f97d4622d06a4a5835f"
            "2adac9007ea255bf11d59ccf0e0a3d517d931bfec44709860b8f9d6a07b9b098"
            "1832714bef3b70a0e440ffc3a9e678f98b46801e38e1b8a8e00c23761d252405"
            "f16e94289a84e8a34f77d385e252f282507a2f7453b361af3935decd1f99acad"
            "722cddd087be5ea6ec04c60334fbdb59b6c201f05aeda766217f8a27c7c029d7"
        ),
        (
            "93d99ab5982245fcba6adf029fdc51594a172bc294f4bba362e471d4cd7016e1"
            "493cc0d85c9bad8553a17ac82de0d172a62cc4e37678b7b4093b0e414cdeb290"
            "25a5d7031100c32e92ef4e129d7dcb3510d54f9e4da955c6d07b1897d336e648"
            "56818f77cc9cb9e2acb82f15a47cda381e0b05d6146e6c7e66fdb1e560af5e33"
            "87c9f05d6d3f888dc7f71de9eced802927cf99a8500f3724283095d23e5b4083"
            "b369571f071c8abc20ebce8eabee31a273f9ca3a1afb0dc1fefaf26fbd96dd43"
            "52b608f3aebe19893226b0ea4b6484826bf579bf015f75631b233d682a65e891"
            "f6ff1358f1470a7fc5a7e7615a0646444204a0db398654aa8c34218bf80c7467"
        ),
        (
            "688dca4d734b4e2ad45226b3541e191f2203463d2d4a5383138ab7d52579f5bd"
            "582f0d02ed519e11f23e555ed1163c66705df34540cce8945608ce1a3ad2e1df"
            "b5386e0ee5f4f986e94fd68523cf32993114aeeec848d330a19241b118c42c71"
            "724415fd37be5faa9b88d8ab899cfa60eabc620c24a6a8ec6720db7c28ddac5b"
            "347e10f17b8f63a0059a437721bf2709c39fb6d729c2ebc0a48b8c1dfbffc1b2"
            "972ef865f67507044933e4d9b9d042c76c90008e6f5001c5da473fcd69a2e27a"
            "a7c6930f0a06e62b96a31caf6a128439e7b082f7fe9d875c8135deb4a5fc80ef"
            "cbbb6b76ba5a7d780b95e3ad74983b36646ddcf059a94c177f91b8c9571be061"
        ),
    )
)
# The first row of the circulant MDS matrix; row r is it rotated right by r.
MDS = (0x01, 0x01, 0x05, 0x01, 0x08, 0x06, 0x07, 0x04)
MASK64 = (1 << 64) - 1


def _gf_mul(a: int, b: int) -> int:
    """Product in GF(2^8) modulo x^8 + x^4 + x^3 + x^2 + 1."""
    result = 0
    while b:
        if b & 1:
            result ^= a
        a = (a << 1) ^ (0x11D if a & 0x80 else 0)
        b >>= 1
    return result


@cache
def _t_tables() -> tuple[tuple[int, ...], ...]:
    """T[r][x]: byte x of row r through its S-box and then its share of the column mix,
    as the 64-bit column it adds."""
    tables = []
    for row in range(8):
        box = SBOXES[row % 4]
        coefficients = [MDS[(row - out) % 8] for out in range(8)]
        tables.append(
            tuple(
                sum(_gf_mul(c, box[x]) << 8 * out for out, c in enumerate(coefficients))
                for x in range(256)
            )
        )
    return tuple(tables)


def _round(state: list[int], t: tuple[tuple[int, ...], ...], last_shift: int) -> list[int]:
    """S-boxes, row r of column c taken from column c − r (row 7: c − last_shift), mix."""
    t0, t1, t2, t3, t4, t5, t6, t7 = t
    s = state
    return [
        t0[s[c] & 255]
        ^ t1[s[c - 1] >> 8 & 255]
        ^ t2[s[c - 2] >> 16 & 255]
        ^ t3[s[c - 3] >> 24 & 255]
        ^ t4[s[c - 4] >> 32 & 255]
        ^ t5[s[c - 5] >> 40 & 255]
        ^ t6[s[c - 6] >> 48 & 255]
        ^ t7[s[c - last_shift] >> 56]
        for c in range(len(s))
    ]


class Kupyna:
    """An incremental ДСТУ 7564 hash of `bits` (256, 384 or 512): `update()`, `digest()`."""

    def __init__(self, bits: int = 256, data: bytes = b"") -> None:
        if bits not in (256, 384, 512):
            raise ValueError("Купина: розмір гешу 256, 384 або 512 біт")
        self.digest_size = bits // 8
        self._columns = 8 if bits <= 256 else 16
        self._rounds = 10 if bits <= 256 else 14
        self.block_size = 8 * self._columns
        self._last_shift = 7 if self._columns == 8 else 11
        self._t = _t_tables()
        self._state = [self.block_size] + [0] * (self._columns - 1)
        self._length = 0
        self._pending = b""
        self.update(data)

    def update(self, data: bytes) -> None:
        data = self._pending + bytes(data)
        size = self.block_size
        whole = len(data) - len(data) % size
        layout = f"<{self._columns}Q"
        state = self._state
        for start in range(0, whole, size):
            block = list(struct.unpack_from(layout, data, start))
            state = self._compress(state, block)
        self._state = state
        self._length += whole
        self._pending = data[whole:]

    def digest(self) -> bytes:
        size = self.block_size
        bits = (self._length + len(self._pending)) * 8
        zeros = (-bits - 97) % (size * 8) // 8
        padded = self._pending + b"\x80" + bytes(zeros) + bits.to_bytes(12, "little")
        state = self._state
        for start in range(0, len(padded), size):
            block = list(struct.unpack_from(f"<{self._columns}Q", padded, start))
            state = self._compress(state, block)
        final = self._p(list(state))
        out = struct.pack(f"<{self._columns}Q", *(a ^ b for a, b in zip(final, state, strict=True)))
        return out[-self.digest_size :]

    def hexdigest(self) -> str:
        return self.digest().hex()

    def _compress(self, state: list[int], block: list[int]) -> list[int]:
        p = self._p([s ^ m for s, m in zip(state, block, strict=True)])
        q = self._q(block)
        return [s ^ a ^ b for s, a, b in zip(state, p, q, strict=True)]

    def _p(self, s: list[int]) -> list[int]:
        """The permutation T⊕: round constant (column number, round) XORed into each column."""
        t, shift = self._t, self._last_shift
        for i in range(self._rounds):
            s = _round([w ^ (j << 4 ^ i) for j, w in enumerate(s)], t, shift)
        return s

    def _q(self, s: list[int]) -> list[int]:
        """The permutation T+: round constant added to each column mod 2**64."""
        columns, t, shift = self._columns, self._t, self._last_shift
        base = [0x00F0F0F0F0F0F0F3 ^ ((columns - 1 - j) << 4) << 56 for j in range(columns)]
        for i in range(self._rounds):
            s = _round(
                [(w + (c ^ i << 56)) & MASK64 for w, c in zip(s, base, strict=True)], t, shift
            )
        return s


def kupyna(data: bytes, bits: int = 256) -> bytes:
    """The ДСТУ 7564 digest of `data`, `bits` long (256, 384 or 512)."""
    return Kupyna(bits, data).digest()
