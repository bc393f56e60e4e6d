import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError

from catalogue.fields import normalise_nib, normalise_phone
from catalogue.models import BrandCertificate, Product, ProductTransition

from .factories import BrandCertificateFactory, IKMFactory, ProductFactory

Status = Product.Status


@pytest.mark.parametrize(
    "raw",
    [
        "0812-3456-7890",
        "081234567890",
        "+62 812 3456 7890",
        "62812-3456-7890",
        "812 3456 7890",
        "(0812) 3456.7890",
        6281234567890.0,
        "6281234567890.0",
    ],
)
def test_phone_numbers_are_normalised_to_e164(raw):
    assert normalise_phone(raw) == "+6281234567890"


def test_scientific_notation_with_every_digit_is_read():
    assert normalise_phone("6.281234567891e+12") == "+6281234567891"


def test_scientific_notation_that_lost_digits_is_refused():
    with pytest.raises(ValidationError, match="dipotong oleh Excel"):
        normalise_phone("6.28123E+12")


def test_landline_with_area_code_is_normalised():
    assert normalise_phone("(0321) 321-456") == "+62321321456"


@pytest.mark.parametrize(
    "raw", ["12345", "0812", "+1 202 555 0143", "nomor saya", "0812345678901234"]
)
def test_impossible_phone_numbers_are_refused(raw):
    with pytest.raises(ValidationError, match="bukan nomor telepon Indonesia"):
        normalise_phone(raw)


@pytest.mark.parametrize("raw", ["", None, "   "])
def test_empty_phone_stays_empty(raw):
    assert normalise_phone(raw) == ""


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("9120301234561", "9120301234561"),
        ("9120 3012 3456 1", "9120301234561"),
        (9120301234561.0, "9120301234561"),
        ("9.120301234561E+12", "9120301234561"),
        ("", ""),
    ],
)
def test_nib_is_normalised(raw, expected):
    assert normalise_nib(raw) == expected


@pytest.mark.parametrize("raw", ["123", "91203012345612", "NIB-ABC"])
def test_nib_must_have_13_digits(raw):
    with pytest.raises(ValidationError, match="NIB harus 13 digit"):
        normalise_nib(raw)


@pytest.mark.django_db
def test_ikm_full_clean_normalises_contact_and_nib():
    ikm = IKMFactory.build(
        kecamatan=IKMFactory().kecamatan, nib=" 9120 3012 3456 1 ", whatsapp="0812-3456-7890"
    )
    ikm.full_clean()
    assert ikm.nib == "9120301234561"
    assert ikm.whatsapp == "+6281234567890"


@pytest.mark.django_db
def test_ikm_with_bad_nib_gets_a_field_error():
    ikm = IKMFactory.build(kecamatan=IKMFactory().kecamatan, nib="12345")
    with pytest.raises(ValidationError) as error:
        ikm.full_clean()
    assert "nib" in error.value.message_dict


@pytest.mark.django_db
def test_nib_is_unique_when_present_but_many_ikm_may_have_none():
    IKMFactory(nib="")
    IKMFactory(nib="")
    IKMFactory(nib="9120301234561")
    with pytest.raises(IntegrityError):
        IKMFactory(nib="9120301234561")


@pytest.mark.django_db
def test_certificate_expires_ten_years_after_filing():
    certificate = BrandCertificateFactory(filing_date=datetime.date(2021, 3, 15))
    assert certificate.expiry_date == datetime.date(2031, 3, 15)


@pytest.mark.django_db
def test_certificate_filed_on_leap_day_expires_on_28_february():
    certificate = BrandCertificateFactory(filing_date=datetime.date(2024, 2, 29))
    assert certificate.expiry_date == datetime.date(2034, 2, 28)


@pytest.mark.django_db
def test_explicit_expiry_is_kept():
    certificate = BrandCertificateFactory(
        filing_date=datetime.date(2021, 3, 15), expiry_date=datetime.date(2030, 1, 1)
    )
    assert certificate.expiry_date == datetime.date(2030, 1, 1)


@pytest.mark.django_db
def test_registered_certificates_exclude_applications_and_expired_marks():
    valid = BrandCertificateFactory()
    BrandCertificateFactory(status=BrandCertificate.Status.IN_APPLICATION, registration_number="")
    BrandCertificateFactory(filing_date=datetime.date(2010, 1, 1))  # lapsed in 2020
    assert list(BrandCertificate.objects.registered()) == [valid]


@pytest.mark.django_db
def test_registered_certificate_needs_a_number():
    certificate = BrandCertificateFactory.build(ikm=IKMFactory(), registration_number="")
    with pytest.raises(ValidationError, match="nomor pendaftaran"):
        certificate.full_clean()


@pytest.mark.django_db
def test_price_range_must_be_ordered():
    product = ProductFactory.build(price=200000, price_max=100000)
    with pytest.raises(ValidationError) as error:
        product.clean()
    assert "price_max" in error.value.message_dict


# The published() door ------------------------------------------------------


@pytest.mark.django_db
def test_only_approved_products_of_public_ikm_are_published():
    visible = ProductFactory()
    for status in [Status.DRAFT, Status.SUBMITTED, Status.REJECTED, Status.ARCHIVED]:
        ProductFactory(status=status)
    ProductFactory(ikm=IKMFactory(is_public=False))
    assert list(Product.objects.published()) == [visible]


# Curation workflow ---------------------------------------------------------

ALLOWED = [
    (Status.DRAFT, Status.SUBMITTED),
    (Status.DRAFT, Status.ARCHIVED),
    (Status.SUBMITTED, Status.APPROVED),
    (Status.SUBMITTED, Status.REJECTED),
    (Status.SUBMITTED, Status.DRAFT),
    (Status.APPROVED, Status.ARCHIVED),
    (Status.APPROVED, Status.DRAFT),
    (Status.REJECTED, Status.SUBMITTED),
    (Status.REJECTED, Status.DRAFT),
    (Status.REJECTED, Status.ARCHIVED),
    (Status.ARCHIVED, Status.DRAFT),
]
REFUSED = [
    (current, target) for current in Status for target in Status if (current, target) not in ALLOWED
]


@pytest.mark.django_db
@pytest.mark.parametrize(("current", "target"), ALLOWED)
def test_allowed_transitions_are_recorded(kurator, current, target):
    product = ProductFactory(status=current, photo=True)
    transition = product.move_to(target, by=kurator, note="Catatan kurator")
    product.refresh_from_db()
    assert product.status == target
    assert transition.from_status == current
    assert transition.to_status == target
    assert transition.by == kurator
    assert transition.note == "Catatan kurator"
    assert ProductTransition.objects.filter(product=product).count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize(("current", "target"), REFUSED)
def test_refused_transitions_say_why_and_change_nothing(kurator, current, target):
    product = ProductFactory(status=current)
    with pytest.raises(ValidationError) as error:
        product.move_to(target, by=kurator, note="alasan")
    assert "tidak dapat menjadi" in error.value.messages[0]
    product.refresh_from_db()
    assert product.status == current
    assert not product.transitions.exists()


@pytest.mark.django_db
def test_rejection_needs_a_reason(kurator):
    product = ProductFactory(status=Status.SUBMITTED)
    with pytest.raises(ValidationError, match="alasan"):
        product.reject(by=kurator, reason="   ")
    product.reject(by=kurator, reason="Foto buram")
    product.refresh_from_db()
    assert product.status == Status.REJECTED
    assert product.status_note == "Foto buram"


@pytest.mark.django_db
def test_editor_submits_but_cannot_approve_or_reject(editor):
    product = ProductFactory(status=Status.DRAFT, published_at=None)
    product.submit(by=editor)
    assert product.submitted_at is not None
    with pytest.raises(PermissionDenied):
        product.approve(by=editor)
    with pytest.raises(PermissionDenied):
        product.reject(by=editor, reason="tidak")
    product.refresh_from_db()
    assert product.status == Status.SUBMITTED


@pytest.mark.django_db
def test_gallery_manager_cannot_move_products(pengelola_galeri):
    product = ProductFactory(status=Status.DRAFT)
    with pytest.raises(PermissionDenied):
        product.submit(by=pengelola_galeri)


@pytest.mark.django_db
def test_approval_publishes_and_leaving_approved_unfeatures(kurator):
    product = ProductFactory(status=Status.SUBMITTED, published_at=None, photo=True)
    product.approve(by=kurator)
    assert product.published_at is not None
    assert Product.objects.published().filter(pk=product.pk).exists()
    product.set_featured(True, by=kurator)
    product.archive(by=kurator)
    product.refresh_from_db()
    assert not product.is_featured
    assert not Product.objects.published().filter(pk=product.pk).exists()


@pytest.mark.django_db
def test_only_approved_products_can_be_featured(kurator, editor):
    product = ProductFactory(status=Status.SUBMITTED)
    with pytest.raises(ValidationError):
        product.set_featured(True, by=kurator)
    approved = ProductFactory()
    with pytest.raises(PermissionDenied):
        approved.set_featured(True, by=editor)


@pytest.mark.django_db
def test_awaiting_review_lists_oldest_submission_first(editor):
    first = ProductFactory(status=Status.DRAFT)
    second = ProductFactory(status=Status.DRAFT)
    second.submit(by=editor)
    first.submit(by=editor)
    ProductFactory(status=Status.APPROVED)
    assert list(Product.objects.awaiting_review()) == [second, first]


@pytest.mark.django_db
def test_product_codes_are_generated_and_unique():
    codes = {ProductFactory().code for _ in range(20)}
    assert len(codes) == 20
    assert all(code.startswith("P-") and len(code) == 8 for code in codes)
