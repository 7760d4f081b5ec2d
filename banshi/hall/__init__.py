"""The hall-local service (取号 / 叫号): tickets, calls, counters, call-staff requests, reports.

Qt-free. A hall keeps working when its link to the central hub is down, so this package owns its
own database and its own enrolled devices (kiosks, counters, display boards).
"""
