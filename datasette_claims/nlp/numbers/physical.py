"""Physical units that units.tsv does not list, read through pint's registry ("MWh", "mGy",
"kb/s", "l/km", "J/m^2"), and named as DESIGN.md asks: singular English words ("megawatt hour",
"joule per square meter"). pint is imported on the first such unit, so loading the component
and reading news without one stays as fast as before."""
import functools
import re

from ... import wordlists

# What may be a unit symbol: letters, with "/", "^", "**", "·", "*", "²", "³" and exponents between
# ("J/m^2"), and a bare 2 or 3 after a divisor ("km/s2", "µg/m3")
# ("J/m^2"), a bare 2 or 3 after a divisor or before one ("km/s2", "µg/m3", "m3/s"), and a degree
# sign before a rate ("°C/min")
SYMBOL = re.compile(r"[°º]?[^\W\d_]+(?:\^-?\d|[²³]|[23](?=/))?"
                    r"(?:(?:/|\*\*?|·)[^\W\d_]+(?:\^-?\d|[²³]|[23](?!\d))?)*")
BARE_POWER = re.compile(r"(/[^\W\d_]+)([23])\b|([^\W\d_]+)([23])(?=/)")
# Units as scientists write them: symbols with signed exponents, spaced ("W m−2", "kg m−3", "mm
# yr−1", "cm−1", "s-1"); read only when one exponent is negative, so "5 m long" stays metres
SI_PART = r"[^\W\d_]+(?:[-−]?[1-4]|[²³])?(?!\w)"
SI_PRODUCT = re.compile(rf"{SI_PART}(?: {SI_PART})*")
SI_EXPONENT = re.compile(r"(?:[-−]?[1-4]|[²³])$")
NEGATIVE = re.compile(r"[-−][1-4]")
POWERS = {2: "square ", 3: "cubic "}
OPERATORS = {"/", "^", "*", "·"}  # what joins the parts of a compound symbol


@functools.cache
def registry():
    import pint  # imported here: only figures with an unlisted physical unit need it

    return pint.UnitRegistry()


@functools.cache
def respellings() -> dict:
    """Symbols news writes otherwise than pint reads them ("kb" in "kb/s" is kilobits, not
    kilobarns), from physical_units.tsv."""
    return {row[0]: row[1] for row in wordlists.rows("physical_units.tsv")}


def looks_like_symbol(written: str) -> bool:
    """Whether WRITTEN could be a unit symbol rather than a word: a capital after its first letter
    ("MWh", "mGy"), two letters with a capital first ("Wh", "Hz"), a "/" or an exponent; plain words
    ("people", "in", "pm") are not asked."""
    return bool(SYMBOL.fullmatch(written)) and len(written) >= 2 and (
        any(mark in written for mark in "/^²³*·") or any(char.isupper() for char in written[1:])
        or len(written) == 2 and written[0].isupper())


@functools.cache
def spoken(name: str) -> str:
    """pint's unit NAME in words ("gigawatt_hour" -> "gigawatt hour") where pint reads the words back
    as a product of units, as `same_unit` does; else its symbol ("electron_volt" -> "eV"). A
    temperature is its degree ("degree_Celsius" -> "degree Celsius"), also in a rate, where pint
    makes it a difference ("delta_degree_Celsius" of "°C/min")."""
    name = name.removeprefix("delta_")
    if name.startswith("degree_"):
        return name.replace("_", " ")
    words = name.replace("_", " ")
    try:
        registry().parse_units(words.replace(" ", "*"))
    except Exception:  # "electron*volt": pint knows no "electron"
        return registry().get_symbol(name)
    return words


@functools.cache
def unit_name(written: str) -> str | None:
    """The singular English name of the unit WRITTEN ("kb/s" -> "kilobit per second"), or None
    when pint does not read it (see `spoken` for names of several words)."""
    spelled = re.sub(r"[^\W\d_]+", lambda word: respellings().get(word.group(), word.group()),
                     BARE_POWER.sub(lambda power: f"{power[1] or power[3]}^{power[2] or power[4]}", written))
    spelled = spelled.replace("°C", "degC").replace("°F", "degF").replace("º", "°")
    try:
        unit = registry().parse_units(spelled.replace("^", "**").replace("²", "**2").replace("³", "**3"))
    except Exception:  # pint raises several kinds of errors for what is not a unit
        return None
    names = {name: spoken(name) for name in unit._units}
    above = [POWERS.get(power, "") + names[name] for name, power in unit._units.items() if power > 0]
    below = [POWERS.get(-power, "") + names[name] for name, power in unit._units.items() if power < 0]
    if any(abs(power) > 3 for power in unit._units.values()) or not above and len(below) != 1:
        return None
    if not above:
        return f"inverse {below[0]}"  # "cm−1"
    return " per ".join([" ".join(above), *below])


def si_product(text: str):
    """(name, written) of the unit written as scientists write it at the start of TEXT ("W m−2
    and" -> ("watt per square meter", "W m−2")), the longest that has a negative exponent and that
    pint reads; or None."""
    match = SI_PRODUCT.match(text)
    if match is None or not NEGATIVE.search(match.group()):
        return None
    parts = match.group().split(" ")
    while parts and any(NEGATIVE.search(part) for part in parts):
        if not SI_EXPONENT.search(parts[-1]):
            parts.pop()  # "fb−1 in 2005": the product ends with its last exponent
            continue
        if len(parts) == 1 and "-" in parts[0] and parts[0][0].isupper():
            return None  # "two P-3 aircraft", "an F-16": a model, not an inverse unit
        name = unit_name("*".join(SI_EXPONENT.sub(lambda power: "^" + power.group(), part).replace("−", "-")
                                  for part in parts))
        if name:
            return name, " ".join(parts)
        parts.pop()
    return None
