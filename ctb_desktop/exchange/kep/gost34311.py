"""ГОСТ 34.311-95 (the Ukrainian adoption of ГОСТ Р 34.11-94): a 256-bit hash built on the
ГОСТ 28147-89 block cipher, with the S-box ДКЕ №1 of the Ukrainian standard unless the key's
parameters carry another one, and a zero starting vector.

Speed in pure Python comes from tables built once per S-box: the cipher's round reads two
packed tables of 2**16 words that hold the S-box and the 11-bit rotation together, and the hash's
mixing (ψ applied 12, 1 and 61 times) is a linear map done as one XOR of byte-table lookups.
"""

from __future__ import annotations

import struct
from array import array
from collections.abc import Callable
from functools import cache, reduce
from operator import getitem, itemgetter, xor

# ДКЕ №1, packed as the ДСТУ 4145 parameters carry it: 64 bytes, two 4-bit entries a byte,
# S-box K1 (the lowest nibble of the round input) first.
DKE_1 = bytes.fromhex(
    "a9d6eb45f13c708280c4967b231f5eadf658eba4c037291d38d96bf025ca4e17"
    "f8e9720dc615b43a28975f0bc1dea36438b564ea2c179fd0123e6db8fac57904"
)
MASK32 = 0xFFFFFFFF
MASK64 = (1 << 64) - 1
MASK256 = (1 << 256) - 1
_KEYS = (1 << 1024) - 1
# The constant C3 of the key schedule: the bytes set to 0xFF (little-endian byte numbers).
_C3 = sum(0xFF << 8 * i for i in (1, 3, 5, 7, 8, 10, 12, 14, 17, 18, 20, 23, 24, 28, 29, 31))
# The key schedule's permutation P: key word t is byte t of each 64-bit quarter of W.
_KEY_BYTES = itemgetter(*(t + 8 * i for t in range(8) for i in range(4)))


def unpack_sbox(packed: bytes) -> list[list[int]]:
    """The eight 16-entry S-boxes K1…K8 from the 64-byte packed form."""
    if len(packed) != 64:
        raise ValueError("a ГОСТ 28147-89 S-box is 64 bytes")
    boxes = []
    for box in range(8):
        row = packed[8 * box : 8 * box + 8]
        boxes.append([nibble for byte in row for nibble in (byte >> 4, byte & 15)])
    return boxes


RoundTables = tuple[array, array]


@cache
def _round_tables(packed: bytes) -> RoundTables:
    """f(x) = rol11(S(x)) split by halves: f(x) = LOW[x & 0xFFFF] ^ HIGH[x >> 16]; HIGH is
    twice as long so that x may be the unmasked 33-bit sum of a word and a key word.
    Packed arrays of 32-bit words, not tuples of ints: 768 KiB stay in the processor's
    cache where a tuple's 4 MiB of int objects do not (twice the speed when another
    program shares the machine)."""
    k = unpack_sbox(packed)

    def f(value: int, first: int) -> int:
        out = sum(k[i][value >> 4 * i & 15] << 4 * i for i in range(first, first + 4))
        return (out << 11 | out >> 21) & MASK32

    low = array("I", [f(i, 0) for i in range(1 << 16)])
    high = array("I", [f((i & 0xFFFF) << 16, 4) for i in range(1 << 17)])
    return low, high


def encrypt_block(packed_sbox: bytes, key: tuple[int, ...], n1: int, n2: int) -> tuple[int, int]:
    """One ГОСТ 28147-89 block (simple replacement) under eight 32-bit key words; the block
    is the two little-endian halves (N1, N2) and comes back in the standard's output order,
    i.e. as the output bytes read in order."""
    return _crypt(_round_tables(bytes(packed_sbox)), key, n1, n2)


def _crypt(tables: RoundTables, key: tuple[int, ...], a: int, b: int) -> tuple[int, int]:
    """32 rounds: keys K0…K7 three times, then K7…K0. Written out, as a loop costs a third."""
    low, high = tables
    k0, k1, k2, k3, k4, k5, k6, k7 = key
    for _ in range(3):
        s = a + k0
        b ^= low[s & 0xFFFF] ^ high[s >> 16]
        s = b + k1
        a ^= low[s & 0xFFFF] ^ high[s >> 16]
        s = a + k2
        b ^= low[s & 0xFFFF] ^ high[s >> 16]
        s = b + k3
        a ^= low[s & 0xFFFF] ^ high[s >> 16]
        s = a + k4
        b ^= low[s & 0xFFFF] ^ high[s >> 16]
        s = b + k5
        a ^= low[s & 0xFFFF] ^ high[s >> 16]
        s = a + k6
        b ^= low[s & 0xFFFF] ^ high[s >> 16]
        s = b + k7
        a ^= low[s & 0xFFFF] ^ high[s >> 16]
    s = a + k7
    b ^= low[s & 0xFFFF] ^ high[s >> 16]
    s = b + k6
    a ^= low[s & 0xFFFF] ^ high[s >> 16]
    s = a + k5
    b ^= low[s & 0xFFFF] ^ high[s >> 16]
    s = b + k4
    a ^= low[s & 0xFFFF] ^ high[s >> 16]
    s = a + k3
    b ^= low[s & 0xFFFF] ^ high[s >> 16]
    s = b + k2
    a ^= low[s & 0xFFFF] ^ high[s >> 16]
    s = a + k1
    b ^= low[s & 0xFFFF] ^ high[s >> 16]
    s = b + k0
    a ^= low[s & 0xFFFF] ^ high[s >> 16]
    return b, a


def _psi(value: int) -> int:
    """ψ: shift the sixteen 16-bit words down by one, the new top word the XOR of words
    0, 1, 2, 3, 12 and 15."""
    top = value ^ value >> 16 ^ value >> 32 ^ value >> 48 ^ value >> 192 ^ value >> 240
    return value >> 16 | (top & 0xFFFF) << 240


def _psi_power(value: int, power: int) -> int:
    for _ in range(power):
        value = _psi(value)
    return value


def _a(value: int) -> int:
    """A(y4‖y3‖y2‖y1) = (y1 ⊕ y2)‖y4‖y3‖y2, on a little-endian 256-bit number."""
    return value >> 64 | ((value ^ value >> 64) & MASK64) << 192


def _from_h_and_m(hm: int) -> int:
    """Everything of a step that depends on H and M alone, as one number: the four keys'
    32 words (the low 1024 bits, key word by key word, little-endian) and ψ^62(M) ⊕ ψ^61(H)
    above them. `hm` is H (low 256 bits) and M."""
    h, m = hm & MASK256, hm >> 256
    u, v = _a(h), _a(_a(m))
    w = [h ^ m, u ^ v]
    u, v = _a(u) ^ _C3, _a(_a(v))
    w += [u ^ v, _a(u) ^ _a(_a(v))]
    keys = b"".join(bytes(_KEY_BYTES(key.to_bytes(32, "little"))) for key in w)
    return int.from_bytes(keys, "little") | (_psi_power(m, 62) ^ _psi_power(h, 61)) << 1024


def _byte_tables(function: Callable[[int], int], size: int) -> tuple[tuple[int, ...], ...]:
    """An affine map of `size` bytes as 256-entry tables, one for each input byte, so that
    function(x) = XOR of tables[i][byte i of x]; the constant part is in table 0."""
    constant = function(0)
    images = [function(1 << bit) ^ constant for bit in range(8 * size)]
    tables = []
    for position in range(size):
        table = [0] * 256
        for byte in range(1, 256):
            low_bit = (byte & -byte).bit_length() - 1
            table[byte] = table[byte & (byte - 1)] ^ images[8 * position + low_bit]
        tables.append(table)
    tables[0] = [value ^ constant for value in tables[0]]
    return tuple(tuple(table) for table in tables)


@cache
def _step_tables() -> tuple[tuple[tuple[int, ...], ...], tuple[tuple[int, ...], ...]]:
    """The step's linear parts as byte tables: of H‖M (keys and ψ^62(M) ⊕ ψ^61(H)) and of
    the cipher output S (ψ^74(S)), since H' = ψ^61(H ⊕ ψ(M ⊕ ψ^12(S)))."""
    return _byte_tables(_from_h_and_m, 64), _byte_tables(lambda s: _psi_power(s, 74), 32)


class Gost34311:
    """An incremental ГОСТ 34.311-95 hash: `update()` any number of times, then `digest()`."""

    digest_size = 32
    block_size = 32

    def __init__(self, data: bytes = b"", sbox: bytes = DKE_1) -> None:
        self._rounds = _round_tables(bytes(sbox))
        self._hm_tables, self._s_tables = _step_tables()
        self._h = bytes(32)
        self._sum = 0
        self._length = 0
        self._pending = b""
        self.update(data)

    def update(self, data: bytes) -> None:
        data = self._pending + bytes(data)
        whole = len(data) - len(data) % 32
        h, step = self._h, self._step
        view = memoryview(data)
        for start in range(0, whole, 32):
            h = step(h, view[start : start + 32].tobytes())
        # Σ, the sum of the blocks mod 2**256, as four sums of their 64-bit quarters.
        quarters = struct.unpack(f"<{whole // 8}Q", view[:whole])
        added = sum(sum(quarters[i::4]) << 64 * i for i in range(4))
        self._h, self._sum = h, (self._sum + added) & MASK256
        self._length += whole
        self._pending = data[whole:]

    def digest(self) -> bytes:
        h, total, length = self._h, self._sum, self._length
        if self._pending:
            block = self._pending.ljust(32, b"\0")
            h = self._step(h, block)
            total = (total + int.from_bytes(block, "little")) & MASK256
            length += len(self._pending)
        h = self._step(h, (length * 8).to_bytes(32, "little"))
        return self._step(h, total.to_bytes(32, "little"))

    def hexdigest(self) -> str:
        return self.digest().hex()

    def _step(self, h: bytes, m: bytes) -> bytes:
        """The compression function: four encryptions of H's quarters under keys made from
        H and M, then the ψ mixing; both linear parts come from byte tables."""
        rounds = self._rounds
        x = reduce(xor, map(getitem, self._hm_tables, h + m))
        k = struct.unpack("<32I", (x & _KEYS).to_bytes(128, "little"))
        x0, x1, x2, x3, x4, x5, x6, x7 = struct.unpack("<8I", h)
        s = struct.pack(
            "<8I",
            *_crypt(rounds, k[0:8], x0, x1),
            *_crypt(rounds, k[8:16], x2, x3),
            *_crypt(rounds, k[16:24], x4, x5),
            *_crypt(rounds, k[24:32], x6, x7),
        )
        mixed = reduce(xor, map(getitem, self._s_tables, s), x >> 1024)
        return mixed.to_bytes(32, "little")


def gost34311(data: bytes, sbox: bytes = DKE_1) -> bytes:
    """The ГОСТ 34.311-95 digest of `data` (32 bytes)."""
    return Gost34311(data, sbox).digest()
