"""The application's use cases, one function each, for the window and the command line
alike: import a program's annex or a filled report, entries in and out (JSON, Excel),
render a layout, make, sign, send and receive packages, review, compare, consolidate,
back up and restore.

Every operation takes a storage.workspace.Workspace (or the paths it needs), reports
through domain.progress.Progress where it is slow, returns a result object that says
what changed and what to warn about, raises only the project's errors
(domain.errors.UserError and its kinds), and takes the backup itself before it changes
data. The callers only present the result: print it, or show it in a dialog.

Layering: below gui/ and cli/, above exchange/, reports/, importers/ and storage/.
"""
