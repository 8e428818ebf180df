"""Figure → PNG / SVG / PDF on the server (kaleido with the system Chromium).

``links`` names the URLs and files, ``charts`` builds the export version of a
view's map, bar chart and trend from the pure builders in ``figures``,
``images`` renders them, ``decks`` puts a Sitzungsmappe's maps into one PDF or
PPTX, and ``web`` is the ``/export`` blueprint. Nothing here starts Chromium at
import: the first export does.
"""
