"""Unit helpers: the library takes metric values only; convert explicitly.

>>> from runcover import units
>>> round(units.miles(10), 3)
16.093
>>> units.fahrenheit(86)
30.0
>>> round(units.pounds(150), 2)
68.04

Text the library renders follows ``athlete.units`` (``units='imperial'``);
numbers in the API and JSON stay metric. The ``to_*`` functions convert back
for display.
"""

from __future__ import annotations

KM_PER_MILE = 1.609344
KG_PER_POUND = 0.45359237
M_PER_FOOT = 0.3048
ML_PER_US_FL_OZ = 29.5735295625


def miles(mi: float) -> float:
    """Miles → kilometres (for ``distance_km``, ``weekly_km``)."""
    return float(mi) * KM_PER_MILE


def fahrenheit(f: float) -> float:
    """Degrees Fahrenheit → degrees Celsius (for ``temperature_c``)."""
    return (float(f) - 32.0) * 5.0 / 9.0


def pounds(lb: float) -> float:
    """Pounds → kilograms (for ``mass_kg``, ``mass_before_kg``, ``mass_after_kg``)."""
    return float(lb) * KG_PER_POUND


def feet(ft: float) -> float:
    """Feet → metres (for ``ascent_m``, ``descent_m``)."""
    return float(ft) * M_PER_FOOT


def fl_oz(oz: float) -> float:
    """US fluid ounces → millilitres (for ``fluid_ml``)."""
    return float(oz) * ML_PER_US_FL_OZ


def hours(h: float) -> float:
    """Hours → minutes (for ``duration_min``)."""
    return float(h) * 60.0


def to_miles(km: float) -> float:
    """Kilometres → miles."""
    return float(km) / KM_PER_MILE


def to_fahrenheit(c: float) -> float:
    """Degrees Celsius → degrees Fahrenheit."""
    return float(c) * 9.0 / 5.0 + 32.0


def to_pounds(kg: float) -> float:
    """Kilograms → pounds."""
    return float(kg) / KG_PER_POUND


def to_feet(m: float) -> float:
    """Metres → feet."""
    return float(m) / M_PER_FOOT


def to_fl_oz(ml: float) -> float:
    """Millilitres → US fluid ounces."""
    return float(ml) / ML_PER_US_FL_OZ
