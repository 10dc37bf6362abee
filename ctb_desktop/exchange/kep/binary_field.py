"""Arithmetic in GF(2^m) with a polynomial basis: elements are Python ints whose bit i is the
coefficient of x^i, reduced modulo a trinomial or pentanomial x^m + x^k… + 1."""

from __future__ import annotations

from dataclasses import dataclass, field

# Byte b with its bits spread to the even bit positions of 16 bits, split into the low and
# the high byte of the result: squaring is this spread (then a reduction).
_SPREAD_LOW = bytes(sum(((b >> i) & 1) << (2 * i) for i in range(4)) for b in range(256))
_SPREAD_HIGH = bytes(sum(((b >> (i + 4)) & 1) << (2 * i) for i in range(4)) for b in range(256))


@dataclass(frozen=True)
class BinaryField:
    """GF(2^m) modulo x^m + Σ x^k (k in `exponents`) + 1."""

    m: int
    exponents: tuple[int, ...]  # the middle terms, one (trinomial) or three (pentanomial)
    mask: int = field(init=False, repr=False)
    size: int = field(init=False, repr=False)  # bytes of an element

    def __post_init__(self) -> None:
        if not 0 < min(self.exponents) <= max(self.exponents) < self.m:
            raise ValueError("the field polynomial's terms lie between 0 and m")
        object.__setattr__(self, "mask", (1 << self.m) - 1)
        object.__setattr__(self, "size", (self.m + 7) // 8)

    @property
    def modulus(self) -> int:
        return 1 << self.m | sum(1 << k for k in self.exponents) | 1

    def reduce(self, value: int) -> int:
        m, mask = self.m, self.mask
        while high := value >> m:
            value = (value & mask) ^ high
            for k in self.exponents:
                value ^= high << k
        return value

    def mul(self, a: int, b: int) -> int:
        """Product: b's bits four at a time against the 16 multiples of a."""
        if a.bit_length() < b.bit_length():
            a, b = b, a
        table = [0, a]
        for i in range(2, 16):
            table.append(table[i >> 1] << 1 if i % 2 == 0 else table[i - 1] ^ a)
        result = 0
        shift = (b.bit_length() + 3) & ~3
        while shift:
            shift -= 4
            result = result << 4 ^ table[b >> shift & 15]
        return self.reduce(result)

    def square(self, a: int) -> int:
        data = a.to_bytes(self.size, "little")
        spread = bytearray(2 * self.size)
        spread[0::2] = data.translate(_SPREAD_LOW)
        spread[1::2] = data.translate(_SPREAD_HIGH)
        return self.reduce(int.from_bytes(spread, "little"))

    def inverse(self, a: int) -> int:
        """a^-1 by the extended Euclidean algorithm on polynomials; a ≠ 0."""
        if a == 0:
            raise ZeroDivisionError("0 has no inverse in GF(2^m)")
        u, v, g1, g2 = a, self.modulus, 1, 0
        while u != 1:
            j = u.bit_length() - v.bit_length()
            if j < 0:
                u, v, g1, g2, j = v, u, g2, g1, -j
            u ^= v << j
            g1 ^= g2 << j
        return g1

    def trace(self, a: int) -> int:
        """Tr(a) = a + a^2 + a^4 + … + a^(2^(m-1)), which is 0 or 1."""
        t = a
        for _ in range(self.m - 1):
            t = self.square(t) ^ a
        return t

    def half_trace(self, a: int) -> int:
        """A root z of z^2 + z = a when Tr(a) = 0 (m odd): Σ a^(4^i), i = 0…(m-1)/2."""
        h = a
        for _ in range((self.m - 1) // 2):
            h = self.square(self.square(h)) ^ a
        return h
