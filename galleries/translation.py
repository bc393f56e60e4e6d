from modeltranslation.translator import TranslationOptions, register

from .models import Closure, Gallery


@register(Gallery)
class GalleryTranslation(TranslationOptions):
    fields = ("description",)


@register(Closure)
class ClosureTranslation(TranslationOptions):
    fields = ("reason",)
