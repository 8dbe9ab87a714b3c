"""The Agenda similarity page's parts: where its sessions come from (`input`), its tabs (`views`), the Fix clashes
tab (`fix`), the Demand tab (`demand`), the Export tab (`export`) and results cached by content (`cache`)."""
from dashboard.agenda.demand import demand_tab
from dashboard.agenda.export import export_tab
from dashboard.agenda.fix import fix_tab
from dashboard.agenda.input import agenda_source, upload_programme
from dashboard.agenda.views import clashes_tab, duplicates_tab, for_me_tab, heatmap_tab, map_tab, tracks_tab

__all__ = ["agenda_source", "clashes_tab", "demand_tab", "duplicates_tab", "export_tab", "fix_tab", "for_me_tab",
           "heatmap_tab", "map_tab", "tracks_tab", "upload_programme"]
