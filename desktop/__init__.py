"""Рабочее место методиста (metodist): registry of innovation-infrastructure sites."""

__version__ = "0.1.0"
APP_NAME = "metodist"
APP_TITLE = "Методист: инновационная инфраструктура"
