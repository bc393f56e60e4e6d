from modeltranslation.translator import TranslationOptions, register

from .models import BoardMember, SiteSettings


@register(SiteSettings)
class SiteSettingsTranslation(TranslationOptions):
    fields = ("about",)


@register(BoardMember)
class BoardMemberTranslation(TranslationOptions):
    fields = ("division",)
