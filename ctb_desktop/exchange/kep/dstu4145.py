"""ДСТУ 4145-2002 signature verification on binary curves y² + xy = x³ + ax² + b in a
polynomial basis: point decompression by the trace (§6.9), and the check
r = truncate(h · x(sP + rQ)) of §7.

Points inside the scalar multiplication are in López–Dahab projective coordinates
(x = X/Z, y = Y/Z²), so the only inversions are the final one and one for P + Q.
"""

from __future__ import annotations

from dataclasses import dataclass

from ctb_desktop.exchange.kep.binary_field import BinaryField

Point = tuple[int, int] | None  # affine (x, y); None is the point at infinity
_Projective = tuple[int, int, int]  # (X, Y, Z); Z = 0 is the point at infinity


class MalformedSignatureError(ValueError):
    """The signature value is malformed or does not verify; the message says which."""


@dataclass(frozen=True)
class Curve:
    """A ДСТУ 4145 curve: field, a ∈ {0, 1}, b, the base point's order n and the base point."""

    field: BinaryField
    a: int
    b: int
    n: int
    base: tuple[int, int]

    def contains(self, point: Point) -> bool:
        if point is None:
            return True
        f = self.field
        x, y = point
        x2 = f.square(x)
        left = f.square(y) ^ f.mul(x, y)
        right = f.mul(x2, x) ^ (x2 if self.a else 0) ^ self.b
        return left == right

    # --- compressed points (§6.9) -------------------------------------------------------

    def decompress(self, compressed: int) -> tuple[int, int]:
        """The point whose x is `compressed` with bit 0 replaced so that Tr(x) = a, and whose
        y has Tr(y/x) equal to the bit 0 given."""
        f = self.field
        if compressed >> f.m:
            raise MalformedSignatureError("стиснута точка довша за поле кривої")
        k = compressed & 1
        x = compressed & ~1
        if f.trace(x) != self.a:
            x |= 1
        if x == 0:
            return 0, self._sqrt(self.b)
        # y = z·x where z² + z = x + a + b/x² (the curve's equation divided by x²)
        w = x ^ self.a ^ f.mul(self.b, f.inverse(f.square(x)))
        if f.trace(w):
            raise MalformedSignatureError("стиснута точка не лежить на кривій")
        z = f.half_trace(w)
        if f.trace(z) != k:
            z ^= 1
        return x, f.mul(z, x)

    def _sqrt(self, value: int) -> int:
        """√v = v^(2^(m-1)) in GF(2^m)."""
        for _ in range(self.field.m - 1):
            value = self.field.square(value)
        return value

    # --- arithmetic ---------------------------------------------------------------------

    def add(self, p: Point, q: Point) -> Point:
        """Affine sum (used for P + Q before the multiplication, and by tests)."""
        if p is None:
            return q
        if q is None:
            return p
        f = self.field
        (x1, y1), (x2, y2) = p, q
        if x1 == x2:
            if y1 != y2 or x1 == 0:
                return None
            lam = x1 ^ f.mul(y1, f.inverse(x1))
            x3 = f.square(lam) ^ lam ^ self.a
            return x3, f.square(x1) ^ f.mul(lam ^ 1, x3)
        lam = f.mul(y1 ^ y2, f.inverse(x1 ^ x2))
        x3 = f.square(lam) ^ lam ^ x1 ^ x2 ^ self.a
        return x3, f.mul(lam, x1 ^ x3) ^ x3 ^ y1

    def negate(self, p: Point) -> Point:
        return None if p is None else (p[0], p[0] ^ p[1])

    def multiply(self, k: int, p: Point) -> Point:
        return self.combine(k, p, 0, None)

    def combine(self, k: int, p: Point, j: int, q: Point) -> Point:
        """kP + jQ by Shamir's trick: one doubling a bit, one addition of P, Q or P + Q."""
        table = (None, p, q, self.add(p, q))
        acc: _Projective = (1, 0, 0)
        for bit in range(max(k.bit_length(), j.bit_length()) - 1, -1, -1):
            acc = self._double(acc)
            step = table[(k >> bit & 1) | (j >> bit & 1) << 1]
            if step is not None:
                acc = self._add_affine(acc, step)
        return self._affine(acc)

    def _affine(self, p: _Projective) -> Point:
        x, y, z = p
        if z == 0:
            return None
        f = self.field
        zi = f.inverse(z)
        return f.mul(x, zi), f.mul(y, f.square(zi))

    def _double(self, p: _Projective) -> _Projective:
        x1, y1, z1 = p
        if z1 == 0 or x1 == 0:
            return (1, 0, 0)
        f = self.field
        x1s, z1s = f.square(x1), f.square(z1)
        z3 = f.mul(x1s, z1s)
        bz4 = f.mul(self.b, f.square(z1s))
        x3 = f.square(x1s) ^ bz4
        inner = f.square(y1) ^ bz4 ^ (z3 if self.a else 0)
        y3 = f.mul(bz4, z3) ^ f.mul(x3, inner)
        return x3, y3, z3

    def _add_affine(self, p: _Projective, q: tuple[int, int]) -> _Projective:
        """Mixed López–Dahab addition (Hankerson–Menezes–Vanstone, algorithm 3.25)."""
        x1, y1, z1 = p
        x2, y2 = q
        if z1 == 0:
            return x2, y2, 1
        f = self.field
        z1s = f.square(z1)
        a_ = f.mul(y2, z1s) ^ y1
        b_ = f.mul(x2, z1) ^ x1
        if b_ == 0:
            return self._double((x2, y2, 1)) if a_ == 0 else (1, 0, 0)
        c = f.mul(z1, b_)
        d = f.mul(f.square(b_), c ^ (z1s if self.a else 0))
        z3 = f.square(c)
        e = f.mul(a_, c)
        x3 = f.square(a_) ^ d ^ e
        g = f.mul(x2 ^ y2, f.square(z3))
        y3 = f.mul(e ^ z3, x3 ^ f.mul(x2, z3)) ^ g
        return x3, y3, z3

    # --- verification (§7) --------------------------------------------------------------

    def verify(self, public: tuple[int, int], h: int, r: int, s: int) -> bool:
        """Does (r, s) sign the field element h (already truncated, 0 taken as 1)?"""
        if not (0 < r < self.n and 0 < s < self.n):
            return False
        point = self.combine(s, self.base, r, public)
        if point is None:
            return False
        y = self.field.mul(h or 1, point[0])
        return _truncate(y, self.n.bit_length() - 1) == r


def _truncate(value: int, bits: int) -> int:
    return value & ((1 << bits) - 1)


def hash_to_field(digest: bytes, m: int) -> int:
    """The digest read little-endian, cut to the field's m bits; 0 becomes 1."""
    value = int.from_bytes(digest, "little") & ((1 << m) - 1)
    return value or 1


def verify_digest(curve: Curve, public: tuple[int, int], digest: bytes, signature: bytes) -> bool:
    """A ДСТУ 4145 signature as CMS and certificates carry it: r‖s little-endian, each half
    the signature's length (sometimes itself wrapped in a DER OCTET STRING)."""
    if len(signature) >= 2 and signature[0] == 0x04 and signature[1] == len(signature) - 2:
        signature = signature[2:]
    if not signature or len(signature) % 2:
        raise MalformedSignatureError("значення підпису має непарну довжину")
    half = len(signature) // 2
    r = int.from_bytes(signature[:half], "little")
    s = int.from_bytes(signature[half:], "little")
    return curve.verify(public, hash_to_field(digest, curve.field.m), r, s)
