"""The invented organisation behind the sample data: services, groups, priorities, SLAs.

Kept apart from the generators so the cycles, the tests and the README can name the same things.
Values are ServiceNow display values, as a list export carries them.
"""

from __future__ import annotations

from datetime import date, datetime

# The seed every committed sample file is generated from.
SEED = 20261126

# Tickets are opened from START to END inclusive; the export was taken at EXPORT_AT, so the
# current month (November 2026) is incomplete and some tickets are still open.
START = date(2024, 11, 1)
END = date(2026, 11, 20)
EXPORT_AT = datetime(2026, 11, 21, 0, 0, 0)

# The improvement the open cycle is about: Email P1/P2 incidents are resolved faster from here.
EMAIL_CHANGE = date(2026, 6, 1)
EMAIL_P1P2_FACTOR = 0.6  # resolution times after the change, relative to before
# The improvement the closed cycle was about: fewer Email reassignments (first-time fix).
EMAIL_ROUTING_CHANGE = date(2025, 9, 1)

PRIORITIES: tuple[str, ...] = ("1 - Critical", "2 - High", "3 - Moderate", "4 - Low")
# Calendar hours to resolve before the SLA is breached, per priority.
SLA_HOURS: tuple[float, ...] = (8.0, 24.0, 72.0, 120.0)
# Lognormal resolution time per priority: median hours and sigma of the log.
RESOLVE_MEDIAN_H: tuple[float, ...] = (3.0, 8.0, 20.0, 48.0)
RESOLVE_SIGMA: tuple[float, ...] = (0.8, 0.85, 0.95, 1.0)

SERVICES: tuple[str, ...] = ("Email", "ERP", "VPN", "Network", "HR Portal", "Telephony")
SERVICE_SHARE: tuple[float, ...] = (0.28, 0.20, 0.15, 0.14, 0.10, 0.13)
SERVICE_SLOWNESS: tuple[float, ...] = (1.0, 1.3, 0.8, 1.1, 1.2, 0.9)
# Priority mix per service (rows follow SERVICES, columns PRIORITIES).
PRIORITY_MIX: tuple[tuple[float, ...], ...] = (
    (0.035, 0.13, 0.50, 0.335),
    (0.030, 0.16, 0.52, 0.290),
    (0.030, 0.12, 0.48, 0.370),
    (0.045, 0.14, 0.46, 0.355),
    (0.010, 0.08, 0.50, 0.410),
    (0.025, 0.10, 0.47, 0.405),
)

CATEGORIES: tuple[str, ...] = ("Inquiry / Help", "Software", "Hardware", "Network", "Database")
# Category mix per service (rows follow SERVICES, columns CATEGORIES).
CATEGORY_MIX: tuple[tuple[float, ...], ...] = (
    (0.35, 0.45, 0.05, 0.15, 0.00),
    (0.25, 0.50, 0.00, 0.05, 0.20),
    (0.30, 0.25, 0.10, 0.35, 0.00),
    (0.15, 0.05, 0.25, 0.55, 0.00),
    (0.45, 0.45, 0.00, 0.05, 0.05),
    (0.30, 0.20, 0.35, 0.15, 0.00),
)

SERVICE_DESK = "Service Desk"
# Second- and third-line groups per service (a ticket resolved after reassignment ends up here).
RESOLVER_GROUPS: tuple[tuple[str, ...], ...] = (
    ("Messaging", "Identity & Access"),
    ("ERP Application Support", "Database Administration"),
    ("Network Operations", "Security Operations"),
    ("Network Operations", "Field Services"),
    ("Web Applications", "Identity & Access"),
    ("Unified Communications", "Field Services"),
)
# Chance a ticket is resolved where it was first assigned, per service.
FIRST_ASSIGNMENT_FIX: tuple[float, ...] = (0.55, 0.62, 0.70, 0.58, 0.66, 0.68)
EMAIL_FIRST_FIX_AFTER_ROUTING = 0.76

CONTACT_TYPES: tuple[str, ...] = ("Phone", "Email", "Self-service", "Walk-in", "Monitoring")
CONTACT_MIX: tuple[float, ...] = (0.34, 0.22, 0.30, 0.04, 0.10)

ESCALATIONS: tuple[str, ...] = ("Normal", "Moderate", "High", "Overdue")

# Configuration items whose outage windows the outages export lists, with their business service.
OUTAGE_COMPONENTS: tuple[tuple[str, str], ...] = (
    ("Exchange Online", "Email"),
    ("SMTP relay", "Email"),
    ("SAP ECC production", "ERP"),
    ("VPN gateway cluster", "VPN"),
    ("Core switching", "Network"),
    ("HR Portal web tier", "HR Portal"),
    ("Teams Voice SBC", "Telephony"),
)
