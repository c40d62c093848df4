from django.apps import AppConfig


class PublicityConfig(AppConfig):
    name = "gongkai.publicity"
    label = "publicity"
    verbose_name = "双公示"
