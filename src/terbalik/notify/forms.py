"""Forms of the notify pages: e-mail kinds and chat channels, a program's chat channels."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from .models import Channel, Kind
from .selectors import ChannelStatus


class PreferencesForm(forms.Form):
    kinds = forms.MultipleChoiceField(
        label=_("Send me these e-mails"), choices=Kind.choices, required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Meeting invitations, updates and cancellations always go."),
    )

    def __init__(self, *args: Any, chat: list[ChannelStatus] | None = None,
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        available = [c for c in (chat or []) if c.available]
        if not available:
            return
        self.fields["chat_channels"] = forms.MultipleChoiceField(
            label=_("Also send my messages to"), required=False,
            choices=[(c.name, c.label) for c in available],
            widget=forms.CheckboxSelectMultiple,
            help_text=_("E-mail always goes. The kinds you switched off above are not sent "
                        "to chats either; sign-in codes only go by e-mail."),
        )
        names = {c.name for c in available}
        if Channel.TEAMS in names:
            self.fields["teams_webhook_url"] = forms.CharField(
                label=_("Your Teams workflow webhook address"), required=False,
                max_length=1000, widget=forms.PasswordInput(render_value=False),
                help_text=_("In Teams, add the Workflows template \"Post to a chat when a "
                            "webhook request is received\" and paste its address here. Leave "
                            "empty to keep the one you gave before."),
            )
        whatsapp = next((c for c in available if c.name == Channel.WHATSAPP), None)
        if whatsapp is not None:
            self.fields["whatsapp_consent"] = forms.BooleanField(
                label=_("I agree to receive Terbalik messages on WhatsApp at +%(number)s. I "
                        "can withdraw this at any time by unticking it.")
                % {"number": whatsapp.number},
                required=False,
            )


class ProgramChannelsForm(forms.Form):
    """HR: where the program's announcements are also posted. Only configured channels."""

    def __init__(self, *args: Any, configured: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if Channel.SLACK in configured:
            self.fields[Channel.SLACK.value] = forms.CharField(
                label=_("Slack channel ID"), required=False, max_length=20,
                help_text=_("In Slack, open the channel's details; the ID is at the bottom "
                            "(e.g. C0123456789). Invite the Terbalik app to the channel. Leave "
                            "empty to stop posting to Slack."),
            )
        if Channel.TEAMS in configured:
            self.fields[Channel.TEAMS.value] = forms.CharField(
                label=_("Teams channel workflow webhook address"), required=False,
                max_length=1000, widget=forms.PasswordInput(render_value=False),
                help_text=_("In the Teams channel, add the Workflows template \"Post to a "
                            "channel when a webhook request is received\" and paste its "
                            "address. Leave empty to keep the current one."),
            )
            self.fields["teams_remove"] = forms.BooleanField(
                label=_("Stop posting to Teams"), required=False)
        self.fields["language"] = forms.ChoiceField(
            label=_("Language of the posts"), choices=settings.LANGUAGES,
        )
