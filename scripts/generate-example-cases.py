#!/usr/bin/env python3
"""Generate the sample case files for the bundled example maps.

Writes, next to each map in decision-maps/:

    customer-triage.cases.csv    customer cases
    insurance-claims.cases.csv   insurance claims
    it-incidents.cases.csv       IT incidents

Each file has an `id` column, one column per map input (under the map's `column "..."` name where
it renames one) and an `expected_route` column: the route a human expert chose, for
`dmap simulate --expect expected_route`. The experts agree with the maps most of the time and
disagree the way people do (more caution here, a shortcut there). A few cells are deliberately
broken (unknown enum values, numbers out of range or unparseable, a required value missing) and
about 5% of the optional cells are empty, so that the simulator's data-quality counts have
something to show.

The output is deterministic: fixed seeds, standard library only. Running the script twice gives
byte-identical files. Usage:

    python3 scripts/generate-example-cases.py [OUTPUT_DIR]
"""

import csv
import io
import math
import os
import random
import sys

OUT_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), os.pardir, "decision-maps")

# Share of optional cells left empty.
MISSING_RATE = 0.05


# ---------------------------------------------------------------------------------------------
# Helpers


def pick(rng, weighted):
    """Pick a key from a list of (value, weight) pairs."""
    total = sum(w for _, w in weighted)
    x = rng.random() * total
    for value, weight in weighted:
        x -= weight
        if x < 0:
            return value
    return weighted[-1][0]


def clamp(x, lo, hi):
    return max(lo, min(hi, x))


def money(x):
    return f"{x:.2f}"


def num(x, places=2):
    """A decimal with at most `places` decimals and no trailing zeros: 0.9, 0.87, 12."""
    s = f"{x:.{places}f}".rstrip("0").rstrip(".")
    return "0" if s in ("-0", "") else s


def lognormal(rng, median, sigma):
    return median * math.exp(rng.gauss(0, sigma))


def confidence(rng, a=5.0, b=1.2, floor=0.40):
    """Model confidence: mostly high, with a thinner tail of unsure predictions."""
    return round(floor + (1 - floor) * rng.betavariate(a, b), 2)


def write_csv(path, header, rows):
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([row[h] for h in header])
    with open(path, "w", encoding="utf-8", newline="") as f:
        f.write(buf.getvalue())


def blank_some(rng, row, columns):
    for col in columns:
        if rng.random() < MISSING_RATE:
            row[col] = ""


def break_cells(rng, rows, corruptions):
    """Break one cell in each of a few randomly chosen rows.

    Each corruption is (column, bad value) or (column, bad value, original value): with an
    original value, only a row holding that value is broken, so that the rest of the row still
    fits (a category "Billing" on a billing case, not on an outage).
    """
    order = rng.sample(range(len(rows)), len(rows))
    used = set()
    for column, bad, *original in corruptions:
        for index in order:
            if index not in used and (not original or rows[index][column] == original[0]):
                rows[index][column] = bad
                used.add(index)
                break


def expert_noise(rng, route, alternatives, rate):
    """Most of the time the expert agrees with `route`; sometimes they pick a plausible other."""
    options = alternatives.get(route)
    if options and rng.random() < rate:
        return rng.choice(options)
    return route


# ---------------------------------------------------------------------------------------------
# customer-triage.dmap


CUSTOMER_SUBJECTS = {
    "billing": [
        "Invoice question",
        "Charged twice this month",
        "Refund request, invoice {n}",
        "Wrong VAT on invoice {n}",
        "Direct debit failed",
        'Charged for "premium" plan I never ordered',
        "Payment not showing on my account",
        "Why did my bill go up?",
        "Cancel auto-renewal, then refund the last payment",
    ],
    "outage": [
        "Internet down since this morning",
        "No service in my area",
        "Connection drops every evening",
        "Still no signal, third day",
        "TV and internet not working",
        "Outage again, I want a refund",
        "Down for 2 days, refund for the downtime?",
        "Service interrupted, please advise",
    ],
    "fraud": [
        "Someone opened an account in my name",
        "Unknown SIM card ordered",
        "Suspicious login, password changed",
        "Payments I did not make",
        "Phishing email pretending to be you",
    ],
    "complaint": [
        "Very unhappy with your service",
        "Technician did not show up, again",
        "Complaint about your call centre",
        "Rude agent on the phone",
        "Nobody answers my emails",
    ],
    "other": [
        "Change of address",
        "Question about my contract",
        "How do I update my details?",
        "Moving house, what do I need to do",
        "Request for a copy of my contract",
    ],
}

CUSTOMER_EXPERT_ALTERNATIVES = {
    "auto_resolve": ["billing_team", "triage_review"],
    "billing_team": ["auto_resolve", "account_managers", "triage_review"],
    "fraud_desk": ["supervisor", "triage_review"],
    "account_managers": ["billing_team"],
    "supervisor": ["fraud_desk"],
    "triage_review": ["billing_team", "auto_resolve", "fraud_desk"],
}


def customer_route(c):
    """What the map decides for a clean case; None where the map leaves a gap."""
    large = c["amount"] is not None and c["amount"] >= 10000
    if c["category"] == "fraud" or large:
        segment = "critical"
    elif c["prior_escalations"] >= 3:
        segment = "repeat_escalations"
    elif c["tier"] == "platinum" or c["vip"]:
        segment = "high_touch"
    else:
        segment = "standard"
    if segment == "critical" and c["sentiment"] < -0.5:
        return "supervisor"
    if c["category"] == "billing" and c["amount"] is None:
        return "triage_review"
    threshold = {"critical": 0.95, "repeat_escalations": 0.90, "high_touch": 0.90}.get(segment, 0.70)
    if c["confidence"] < threshold:
        return "triage_review"
    if segment == "high_touch" and c["category"] == "billing" and c["amount"] >= 2000:
        return "account_managers"
    if c["category"] == "fraud":
        return "fraud_desk"
    if c["category"] == "billing":
        return "auto_resolve" if c["amount"] < 500 else "billing_team"
    if c["category"] == "outage":
        if c["subject"] is None:
            return None
        return "billing_team" if "refund" in c["subject"] else "auto_resolve"
    return None


def customer_expert(rng, c):
    route = customer_route(c)
    if route is None:
        # Where the map says nothing, people still decided something.
        if c["category"] == "complaint":
            return "complaints_team" if rng.random() < 0.85 else "supervisor"
        if c["category"] == "other":
            return "triage_review" if rng.random() < 0.8 else "auto_resolve"
        return "auto_resolve"
    return expert_noise(rng, route, CUSTOMER_EXPERT_ALTERNATIVES, 0.03)


def customer_cases(count=360, seed=20261101):
    rng = random.Random(seed)
    rows = []
    for i in range(1, count + 1):
        category = pick(rng, [("billing", 51), ("outage", 33), ("fraud", 8), ("complaint", 4.5), ("other", 3.5)])
        tier = pick(rng, [("standard", 65), ("gold", 25), ("platinum", 10)])
        vip = rng.random() < (0.20 if tier == "platinum" else 0.03)
        channel = pick(rng, [("email", 40), ("chat", 30), ("phone", 20), ("social media", 10)])
        conf = confidence(rng, 6.0, 1.1) if category != "fraud" else confidence(rng, 8.0, 1.0)
        median = {"billing": 120, "outage": 55, "fraud": 1800, "complaint": 80, "other": 40}[category]
        sigma = {"billing": 1.3, "outage": 0.6, "fraud": 1.6, "complaint": 1.0, "other": 0.8}[category]
        if tier == "platinum":
            median *= 3
        amount = round(clamp(lognormal(rng, median, sigma), 1, 1_000_000), 2)
        mood = {"billing": -0.15, "outage": -0.35, "fraud": -0.45, "complaint": -0.6, "other": 0.15}[category]
        sentiment = round(clamp(rng.gauss(mood, 0.3), -1, 1), 2)
        prior = min(int(rng.expovariate(1.1)), 9)
        template = rng.choice(CUSTOMER_SUBJECTS[category])
        subject = template.replace("{n}", f"INV-{rng.randint(100000, 999999)}")
        row = {
            "id": f"C-{i:04d}",
            "Channel": channel,
            "tier": tier,
            "category": category,
            "confidence": num(conf),
            "amount": money(amount),
            "sentiment": num(sentiment),
            "prior_escalations": str(prior),
            "vip": "true" if vip else "false",
            "subject": subject,
        }
        blank_some(rng, row, ["amount", "subject"])
        case = {
            "category": category,
            "tier": tier,
            "vip": vip,
            "confidence": conf,
            "amount": amount if row["amount"] else None,
            "sentiment": sentiment,
            "prior_escalations": prior,
            "subject": subject if row["subject"] else None,
        }
        row["expected_route"] = customer_expert(rng, case)
        rows.append(row)
    break_cells(rng, rows, [
        ("Channel", "fax"),                # not one of the listed channels
        ("category", "Billing", "billing"),  # values are case-sensitive
        ("confidence", "1.3"),             # outside 0..1
        ("amount", "n/a"),                 # does not parse as a number
        ("sentiment", ""),                 # required value missing
        ("prior_escalations", "2.5"),      # an integer with a fraction
    ])
    header = ["id", "Channel", "tier", "category", "confidence", "amount", "sentiment",
              "prior_escalations", "vip", "subject", "expected_route"]
    return header, rows


# ---------------------------------------------------------------------------------------------
# insurance-claims.dmap


INSURANCE_EXPERT_ALTERNATIVES = {
    "straight_through": ["fast_track"],
    "fast_track": ["straight_through", "motor_adjusters", "property_adjusters"],
    "motor_adjusters": ["fast_track", "complex_loss_unit"],
    "property_adjusters": ["fast_track", "complex_loss_unit"],
    "health_travel_team": ["fast_track"],
    "liability_specialists": ["complex_loss_unit"],
    "complex_loss_unit": ["claims_manager", "property_adjusters"],
    "fraud_screening": ["siu", "fast_track"],
    "intake_review": ["fast_track", "motor_adjusters", "health_travel_team"],
    "claims_manager": ["complex_loss_unit"],
    "siu": ["fraud_screening"],
}

INSURANCE_TEAM = {
    "auto": "motor_adjusters",
    "property": "property_adjusters",
    "health": "health_travel_team",
    "travel": "health_travel_team",
    "personal liability": "liability_specialists",
}

# The order of `routes` in insurance-claims.dmap, which its (priority) table uses.
ROUTE_PREFERENCE = [
    "siu", "claims_manager", "fraud_screening", "complex_loss_unit", "fast_track",
    "liability_specialists", "property_adjusters", "motor_adjusters", "health_travel_team",
    "straight_through", "intake_review", "data_desk",
]


def insurance_route(c):
    """What the map decides for a clean claim (the map is complete, so never None)."""
    amount, fraud, cplx = c["claim_amount"], c["fraud_score"], c["predicted_complexity"]
    if fraud >= 0.7:
        segment = "suspected_fraud"
    elif c["injury"]:
        segment = "bodily_injury"
    elif amount >= 50_000:
        segment = "large_loss"
    elif c["policy_age_months"] < 6:
        segment = "new_policy"
    elif amount >= 5000 or c["claim_type"] in ("health", "personal liability"):
        segment = "standard_claims"
    else:
        segment = "small_claims"
    # escalations
    if fraud >= 0.9 or (segment == "suspected_fraud" and amount >= 100_000):
        return "siu"
    if segment == "bodily_injury" and amount >= 25_000:
        return "claims_manager"
    if segment == "large_loss" and amount >= 250_000:
        return "claims_manager"
    # inconsistencies
    if c["policy_age_months"] < 1 and amount >= 10_000:
        return "fraud_screening"
    if cplx == "simple" and amount >= 50_000:
        return "intake_review"
    if c["claim_type"] == "auto" and c["injury"] and not c["police_report"]:
        return "intake_review"  # also when police_report is missing: its policy says so
    # uncertainty
    threshold = {"suspected_fraud": 0.95, "bodily_injury": 0.90, "large_loss": 0.90,
                 "new_policy": 0.80, "standard_claims": 0.80}.get(segment, 0.70)
    if c["model_confidence"] < threshold:
        return "fraud_screening" if segment == "suspected_fraud" else "intake_review"
    # decision tables
    if segment == "suspected_fraud":
        return "fast_track" if amount < 500 and cplx == "simple" else "fraud_screening"
    if segment in ("bodily_injury", "large_loss"):
        if cplx == "complex" or amount >= 150_000:
            return "complex_loss_unit"
        return INSURANCE_TEAM[c["claim_type"]]
    if segment in ("new_policy", "standard_claims"):
        hits = [INSURANCE_TEAM[c["claim_type"]]]
        if fraud >= 0.5 or (segment == "new_policy" and fraud >= 0.3):
            hits.append("fraud_screening")
        if cplx == "complex":
            hits.append("complex_loss_unit")
        if cplx == "simple" and amount < 10_000:
            hits.append("fast_track")
        return min(hits, key=ROUTE_PREFERENCE.index)
    if cplx == "simple" and amount <= 1500 and fraud < 0.3 and c["channel"] in ("online", "phone"):
        if c["customer_tenure_years"] is None:
            return "fast_track"  # the missing-tenure policy
        if c["customer_tenure_years"] >= 2:
            return "straight_through"
    if cplx == "complex" and c["claim_type"] in ("auto", "property"):
        return INSURANCE_TEAM[c["claim_type"]]
    return "fast_track"


def insurance_cases(count=400, seed=20260301):
    rng = random.Random(seed)
    rows = []
    for i in range(1, count + 1):
        claim_type = pick(rng, [("auto", 38), ("property", 24), ("health", 16), ("travel", 14),
                                ("personal liability", 8)])
        fraudulent = rng.random() < 0.06
        # Young policies are over-represented among fraudulent claims.
        if rng.random() < (0.45 if fraudulent else 0.10):
            policy_age = rng.randint(0, 5)
        else:
            policy_age = clamp(int(lognormal(rng, 48, 0.8)), 6, 360)
        tenure = min(80, policy_age // 12 + int(rng.expovariate(0.25)))
        injury_rate = {"auto": 0.14, "property": 0.02, "health": 0.08, "travel": 0.04,
                       "personal liability": 0.25}[claim_type]
        injury = rng.random() < injury_rate
        median, sigma = {"auto": (2800, 1.0), "property": (3500, 1.3), "health": (1200, 0.9),
                         "travel": (650, 0.9), "personal liability": (4000, 1.2)}[claim_type]
        if injury:
            median *= 3
        if fraudulent:
            median *= 2.5
        amount = round(clamp(lognormal(rng, median, sigma), 20, 5_000_000), 2)
        if fraudulent:
            fraud = round(0.65 + 0.35 * rng.betavariate(2, 1.5), 2)
        else:
            fraud = round(0.6 * rng.betavariate(1.2, 7), 2)
        if amount < 2000:
            complexity = pick(rng, [("simple", 70), ("standard", 25), ("complex", 5)])
        elif amount < 20_000:
            complexity = pick(rng, [("simple", 30), ("standard", 55), ("complex", 15)])
        else:
            complexity = pick(rng, [("simple", 4), ("standard", 40), ("complex", 56)])
        if injury and complexity == "simple" and rng.random() < 0.6:
            complexity = "standard"
        model_conf = confidence(rng, 6.0, 1.2, floor=0.45)
        report_rate = {"auto": 0.9 if injury else 0.35, "property": 0.25, "health": 0.02,
                       "travel": 0.3, "personal liability": 0.15}[claim_type]
        police_report = rng.random() < report_rate
        channel = pick(rng, [("online", 50), ("agent", 25), ("phone", 25)])
        row = {
            "id": f"CLM-{10000 + i}",
            "claim_type": claim_type,
            "claim_amount": money(amount),
            "policy_age_months": str(policy_age),
            "fraud_model_score": num(fraud),
            "predicted_complexity": complexity,
            "model_confidence": num(model_conf),
            "police_report": "yes" if police_report else "no",
            "injury": "yes" if injury else "no",
            "customer_tenure_years": str(tenure),
            "Intake channel": channel,
        }
        blank_some(rng, row, ["police_report", "customer_tenure_years"])
        case = {
            "claim_type": claim_type,
            "claim_amount": amount,
            "policy_age_months": policy_age,
            "fraud_score": fraud,
            "predicted_complexity": complexity,
            "model_confidence": model_conf,
            "police_report": police_report if row["police_report"] else None,
            "injury": injury,
            "customer_tenure_years": tenure if row["customer_tenure_years"] else None,
            "channel": channel,
        }
        row["expected_route"] = expert_noise(rng, insurance_route(case), INSURANCE_EXPERT_ALTERNATIVES, 0.07)
        rows.append(row)
    break_cells(rng, rows, [
        ("claim_type", "motorbike"),            # not one of the listed claim types
        ("claim_amount", "12,500.00"),          # thousands separator: does not parse
        ("fraud_model_score", "1.7"),           # outside 0..1
        ("Intake channel", "fax"),              # not one of the listed channels
        ("policy_age_months", ""),              # required value missing
        ("injury", "maybe"),                    # not a boolean
        ("customer_tenure_years", "-2"),        # outside 0..80
    ])
    header = ["id", "claim_type", "claim_amount", "policy_age_months", "fraud_model_score",
              "predicted_complexity", "model_confidence", "police_report", "injury",
              "customer_tenure_years", "Intake channel", "expected_route"]
    return header, rows


# ---------------------------------------------------------------------------------------------
# it-incidents.dmap


IT_SUMMARIES = {
    "network": [
        "Packet loss between data centres, {svc} affected",
        "Some ISPs cannot reach {svc}",
        "Slow DNS resolution for {svc} hosts",
        "Load balancer health checks failing for {svc}",
        "Firewall rule change blocked {svc} traffic",
    ],
    "database": [
        "Replication lag on {svc} database",
        "Nightly load failed, tables locked",
        "Query timeouts on {svc} database",
        "Disk full on {svc} DB, writes failing",
        "Deadlocks after last deployment",
    ],
    "application": [
        "HTTP 500 errors on {svc}",
        "Timeouts on {svc} after login",
        "Release 4.12 broke {svc}",
        "Memory leak in {svc} pods, restarting every hour",
        'Users stuck on "loading" in {svc}',
    ],
    "security": [
        "Unusual outbound traffic from a {svc} server",
        "Many failed logins on {svc} from one IP range",
        "Phishing mail reported by several users",
        "Possible ransomware note found on a file share",
        "Admin account used at 3am, not by its owner",
    ],
    "hardware": [
        "Disk failure on a {svc} storage node",
        "Switch in rack B12 rebooting",
        "Power supply alarm, redundant unit down",
        "Firewall appliance fan failure",
    ],
    "unknown": [
        "Users report {svc} is slow",
        "Something is wrong with {svc}, no details",
        "Intermittent errors, cause unclear",
        "Monitoring alert on {svc}, no further details",
    ],
}

# A ransomware mention the classifier did not pick up: only the ticket text says "security".
IT_RANSOMWARE_HINT = "Files renamed on a share, possible ransomware"

IT_SERVICE_LABELS = {
    "payments": "payments",
    "website": "website",
    "email": "email",
    "vpn": "VPN",
    "data warehouse": "data warehouse",
}

IT_EXPERT_ALTERNATIVES = {
    "auto_runbook": ["service_desk"],
    "service_desk": ["network_ops", "auto_runbook", "sre_oncall"],
    "network_ops": ["service_desk", "sre_oncall"],
    "database_team": ["sre_oncall"],
    "sre_oncall": ["major_incident_manager", "database_team", "network_ops"],
    "soc": ["security_response"],
    "security_response": ["soc"],
    "major_incident_manager": ["sre_oncall"],
}


def it_route(c):
    """What the map decides for a clean incident (the map is complete, so never None)."""
    summary = c["summary"]
    ransomware = summary is not None and "ransomware" in summary
    error = c["error_rate"]
    cause, sev, users, svc = c["predicted_cause"], c["severity_reported"], c["users_affected"], c["service"]
    if c["security_flag"] or cause == "security" or ransomware:
        segment = "security_incident"
    elif sev == "sev1" or users >= 1000:
        segment = "major_incident"
    elif sev == "sev2" or ((svc == "payments" or (svc == "website" and c["customer_facing"])) and users >= 20):
        segment = "business_critical"
    elif users >= 50:
        segment = "degraded"
    elif error is None:
        return "service_desk"  # the segment needs the error rate: its missing-data policy
    elif error >= 25:
        segment = "degraded"
    else:
        segment = "routine"
    # escalations
    if segment == "security_incident" and (c["security_flag"] or ransomware):
        return "security_response"
    if (segment == "security_incident" and cause == "security" and c["confidence"] >= 0.8
            and (c["customer_facing"] or svc == "payments")):
        return "security_response"
    if segment == "major_incident" and (c["customer_facing"] or users >= 1000):
        return "major_incident_manager"
    if segment == "business_critical" and svc == "payments" and users >= 200:
        return "major_incident_manager"
    # inconsistencies
    if sev in ("sev1", "sev2") and users == 0 and not c["customer_facing"]:
        return "service_desk"
    if users == 0:
        if error is None:
            return "service_desk"  # missing-data policy for error_rate
        if error >= 50:
            return "sre_oncall"
    # uncertainty
    threshold = {"security_incident": 0.95, "major_incident": 0.95, "business_critical": 0.90,
                 "degraded": 0.80}.get(segment, 0.70)
    if c["confidence"] < threshold:
        return {"security_incident": "soc", "major_incident": "sre_oncall",
                "business_critical": "sre_oncall"}.get(segment, "service_desk")
    # decision tables
    if segment == "security_incident":
        return "soc"
    if segment in ("major_incident", "business_critical"):
        if cause == "database" and svc == "data warehouse":
            return "database_team"
        if cause == "network" and c["business_hours"]:
            return "network_ops"
        return "sre_oncall"
    if (sev in ("sev3", "sev4") and users <= 20 and cause in ("application", "network")
            and svc in ("email", "vpn", "website")):
        return "auto_runbook"
    if svc == "vpn" or cause == "network":
        return "network_ops"
    if segment == "degraded" and c["customer_facing"]:
        if not c["business_hours"]:
            return "sre_oncall"
        if error is None:
            return "service_desk"  # missing-data policy for error_rate
        if error >= 25:
            return "sre_oncall"
    if cause == "database":
        return "database_team"
    return "service_desk"


def it_cases(count=380, seed=20250320):
    rng = random.Random(seed)
    rows = []
    for i in range(1, count + 1):
        service = pick(rng, [("website", 28), ("email", 22), ("vpn", 18), ("payments", 14),
                             ("data warehouse", 18)])
        customer_facing = rng.random() < {"payments": 0.85, "website": 0.8, "email": 0.08, "vpn": 0.03,
                                          "data warehouse": 0.02}[service]
        severity = pick(rng, [("sev1", 3), ("sev2", 12), ("sev3", 45), ("sev4", 40)])
        lo, median, sigma = {"sev1": (300, 2500, 0.9), "sev2": (20, 250, 0.9), "sev3": (1, 25, 1.0),
                             "sev4": (0, 3, 1.0)}[severity]
        users = max(lo, int(lognormal(rng, median, sigma)))
        if severity == "sev4" and rng.random() < 0.15:
            users = 0
        cause_weights = {
            "website": [("application", 45), ("network", 20), ("database", 10), ("hardware", 5)],
            "email": [("application", 55), ("network", 15), ("hardware", 8), ("database", 2)],
            "vpn": [("network", 60), ("application", 15), ("hardware", 10)],
            "payments": [("application", 40), ("database", 20), ("network", 20), ("hardware", 4)],
            "data warehouse": [("database", 55), ("application", 20), ("hardware", 8), ("network", 5)],
        }[service] + [("security", 4), ("unknown", 8)]
        cause = pick(rng, cause_weights)
        conf = confidence(rng, 2.5, 1.5) if cause == "unknown" else confidence(rng, 6.0, 1.1)
        security_flag = rng.random() < (0.45 if cause == "security" else 0.01)
        business_hours = rng.random() < 0.68
        low, high = {"sev1": (30, 100), "sev2": (8, 60), "sev3": (0, 30), "sev4": (0, 8)}[severity]
        error_rate = round(low + (high - low) * rng.betavariate(1.3, 2.5), 1)
        summary = rng.choice(IT_SUMMARIES[cause]).replace("{svc}", IT_SERVICE_LABELS[service])
        if cause in ("unknown", "hardware") and rng.random() < 0.08:
            summary = IT_RANSOMWARE_HINT
        if "ransomware" in summary:
            security_flag = security_flag or rng.random() < 0.5
        row = {
            "id": f"INC-{5000 + i}",
            "service": service,
            "Reported severity": severity,
            "users_affected": str(users),
            "predicted_cause": cause,
            "confidence": num(conf),
            "security_flag": "true" if security_flag else "false",
            "business_hours": "true" if business_hours else "false",
            "customer_facing": "true" if customer_facing else "false",
            "error_rate": num(error_rate, 1),
            "summary": summary,
        }
        blank_some(rng, row, ["error_rate", "summary"])
        case = {
            "service": service,
            "severity_reported": severity,
            "users_affected": users,
            "predicted_cause": cause,
            "confidence": conf,
            "security_flag": security_flag,
            "business_hours": business_hours,
            "customer_facing": customer_facing,
            "error_rate": error_rate if row["error_rate"] else None,
            "summary": summary if row["summary"] else None,
        }
        row["expected_route"] = expert_noise(rng, it_route(case), IT_EXPERT_ALTERNATIVES, 0.06)
        rows.append(row)
    break_cells(rng, rows, [
        ("service", "Payments", "payments"),   # values are case-sensitive
        ("Reported severity", "P2", "sev2"),   # another tool's severity scale
        ("users_affected", "-5"),              # outside 0..
        ("confidence", "n/a"),                 # does not parse as a number
        ("error_rate", "140"),                 # outside 0..100
        ("business_hours", ""),                # required value missing
    ])
    header = ["id", "service", "Reported severity", "users_affected", "predicted_cause",
              "confidence", "security_flag", "business_hours", "customer_facing", "error_rate",
              "summary", "expected_route"]
    return header, rows


# ---------------------------------------------------------------------------------------------


def main(argv):
    out_dir = argv[1] if len(argv) > 1 else OUT_DIR
    for name, build in [("customer-triage", customer_cases),
                        ("insurance-claims", insurance_cases),
                        ("it-incidents", it_cases)]:
        header, rows = build()
        path = os.path.join(out_dir, f"{name}.cases.csv")
        write_csv(path, header, rows)
        print(f"wrote {os.path.normpath(path)} ({len(rows)} cases)")


if __name__ == "__main__":
    main(sys.argv)
