"""The application journal: a folder of facts files, one per application, that commands read and edit.

``store`` finds the folder and its entries, ``edit`` changes a file in place
(comments kept, atomic, under a lock), ``load`` plans every open application,
``agenda`` and ``status`` turn plans into lines for a person, ``draft`` builds
mailto: links, ``tracker_csv`` imports a job tracker's export and
``caldav_sync`` pushes the calendar to a CalDAV server.
"""
