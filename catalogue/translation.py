from modeltranslation.translator import TranslationOptions, register

from .models import IKM, Category, Product, ProductImage, Sentra


@register(Category)
class CategoryTranslation(TranslationOptions):
    fields = ("name", "description")


@register(Sentra)
class SentraTranslation(TranslationOptions):
    fields = ("description",)


@register(IKM)
class IKMTranslation(TranslationOptions):
    fields = ("story",)


@register(Product)
class ProductTranslation(TranslationOptions):
    fields = ("name", "description", "materials", "colours")


@register(ProductImage)
class ProductImageTranslation(TranslationOptions):
    fields = ("alt_text",)
