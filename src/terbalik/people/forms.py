from __future__ import annotations

from pathlib import Path
from typing import Any

from django import forms
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

ALLOWED_SUFFIXES = {".csv", ".txt", ".xlsx"}


class DirectoryFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Search"),
        required=False,
        widget=forms.TextInput(
            attrs={"type": "search", "placeholder": _("Name, ID, e-mail or job title")}
        ),
    )
    department = forms.ChoiceField(label=_("Department"), required=False)
    grade = forms.TypedChoiceField(label=_("Grade"), required=False, coerce=int, empty_value=None)
    active = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("All")), ("yes", _("Active")), ("no", _("Left the company"))],
    )

    def __init__(
        self,
        *args: object,
        departments: list[tuple[str, int]],
        grades: list[tuple[int, int]],
        **kwargs: object,
    ) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["department"].choices = [("", _("All departments")), *counted(departments)]
        self.fields["grade"].choices = [("", _("All grades")), *counted(grades)]


def counted(options: list[tuple[Any, int]]) -> list[tuple[Any, str]]:
    """Filter choices "value (count)" from (value, count) pairs."""
    return [(value, f"{value} ({count})") for value, count in options]


class ImportUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Employee file"),
        help_text=_("CSV (comma or semicolon) or Excel .xlsx, with a header row."),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.txt,.xlsx"}),
    )

    def clean_file(self) -> UploadedFile:
        upload: UploadedFile = self.cleaned_data["file"]
        suffix = Path(upload.name or "").suffix.lower()
        if suffix not in ALLOWED_SUFFIXES:
            raise forms.ValidationError(
                _("Choose a .csv or .xlsx file (this one is %(suffix)s)."),
                params={"suffix": suffix or _("without an extension")},
            )
        if upload.size and upload.size > settings.IMPORT_MAX_BYTES:
            raise forms.ValidationError(
                _("The file is too large (%(size)s); the limit is %(limit)s."),
                params={
                    "size": filesizeformat(upload.size),
                    "limit": filesizeformat(settings.IMPORT_MAX_BYTES),
                },
            )
        return upload


class RecordRenameForm(forms.Form):
    name = forms.CharField(label=_("New name"), max_length=200)


class RecordMergeForm(forms.Form):
    target = forms.ModelChoiceField(label=_("Merge into"), queryset=None,
                                    empty_label=_("Choose…"))
    confirm = forms.BooleanField(
        label=_("I understand: every employee moves to the chosen entry and this one is "
                "deleted."),
    )

    def __init__(self, *args: Any, targets: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["target"].queryset = targets
