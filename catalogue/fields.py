"""Field types for Indonesian business data: phone numbers and NIB."""

import contextlib
import re
from decimal import Decimal, InvalidOperation

import phonenumbers
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

# +62 then a national number of 8 to 12 digits without its leading 0.
E164_ID = re.compile(r"^\+62[1-9]\d{7,11}$")


def _digits_of(value):
    """Return the digits of a number as people and spreadsheets write it."""
    if isinstance(value, float | int | Decimal):
        value = format(Decimal(str(value)).normalize(), "f")
    text = str(value).strip()
    has_plus = text.startswith("+")
    # Excel turns long numbers into floats ("6281234567890.0", "8.1234567e+11").
    scientific = re.fullmatch(r"\d(?:[.,](\d+))?[eE]\+?(\d+)", text)
    if scientific and len(scientific[1] or "") < int(scientific[2]):
        # "6.28123E+12" is what Excel shows of 6281234567890: the last digits are gone.
        raise ValidationError(
            _("“%(value)s” sudah dipotong oleh Excel; ketik ulang angkanya sebagai teks."),
            code="truncated_number",
            params={"value": value},
        )
    if re.fullmatch(r"\+?\d+\.0+|\d(\.\d+)?[eE]\+?\d+", text):
        with contextlib.suppress(InvalidOperation):
            text = format(Decimal(text).normalize(), "f")
    return has_plus, re.sub(r"\D", "", text)


def normalise_phone(value):
    """Return an Indonesian phone number in E.164 (+62…), or "" for an empty value.

    Accepts the ways people write one: 0812-3456-7890, +62 812 3456 7890,
    62812…, 812… and numbers a spreadsheet turned into floats.
    Raise ValidationError when it cannot be an Indonesian number.
    """
    if value is None or str(value).strip() == "":
        return ""
    has_plus, digits = _digits_of(value)
    if digits.startswith("62"):
        national = digits[2:]
    elif digits.startswith("0") and not has_plus:
        national = digits[1:]
    elif digits.startswith("8") and not has_plus:
        national = digits
    else:
        national = None
    number = f"+62{national}" if national is not None else ""
    if not E164_ID.match(number):
        raise ValidationError(
            _("“%(value)s” bukan nomor telepon Indonesia yang valid (contoh: 0812-3456-7890)."),
            code="invalid_phone",
            params={"value": value},
        )
    return number


def format_phone(number):
    """Return a stored number as people read it: +62 812-3456-7801; other text unchanged."""
    try:
        parsed = phonenumbers.parse(number, "ID")
    except phonenumbers.NumberParseException:
        return number
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


class PhoneField(models.CharField):
    """A phone number stored in E.164, normalised from whatever was typed."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 16)
        kwargs.setdefault("blank", True)
        super().__init__(*args, **kwargs)

    def to_python(self, value):
        return normalise_phone(super().to_python(value))

    def pre_save(self, model_instance, add):
        value = normalise_phone(getattr(model_instance, self.attname))
        setattr(model_instance, self.attname, value)
        return value


def normalise_nib(value):
    """Return a NIB as its 13 digits, or "" when empty; raise ValidationError otherwise."""
    if value is None or str(value).strip() == "":
        return ""
    _plus, digits = _digits_of(value)
    if len(digits) != 13:
        raise ValidationError(
            _("NIB harus 13 digit (tertulis “%(value)s”)."),
            code="invalid_nib",
            params={"value": value},
        )
    return digits


class NIBField(models.CharField):
    """Nomor Induk Berusaha: 13 digits, spaces and spreadsheet floats tolerated on input."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 13)
        kwargs.setdefault("blank", True)
        super().__init__(*args, **kwargs)

    def to_python(self, value):
        return normalise_nib(super().to_python(value))

    def pre_save(self, model_instance, add):
        value = normalise_nib(getattr(model_instance, self.attname))
        setattr(model_instance, self.attname, value)
        return value
