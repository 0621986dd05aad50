"""The «Мероприятия» tab and its dialogs, one module per dialog: the event card, a
participant and the registration-sheet import, справки, merging duplicates, and the view.
Each calls desktop.services.events, .participants, .participant_import and .spravki."""

from desktop.ui.events.event_dialog import EventDialog
from desktop.ui.events.merge_dialog import MergeDialog
from desktop.ui.events.participants_dialog import ImportDialog, ParticipantDialog
from desktop.ui.events.spravki_dialog import SpravkiDialog
from desktop.ui.events.view import EventsView

__all__ = ["EventDialog", "EventsView", "ImportDialog", "MergeDialog", "ParticipantDialog",
           "SpravkiDialog"]
