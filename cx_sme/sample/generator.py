"""Deterministic generator of the sample company, Termoidraulica Lambro S.r.l.

A distributor of heating and plumbing materials in Brianza (trade counter, agents, sales
office, a small e-shop) over the 24 months ending with ``end``. The simulation runs month
by month on a fixed seed: customers order with seasonality and growth, some orders go
wrong (invoice errors from administration, delivery problems that get worse when the
courier changes in month 14), some problems become complaints in a hand-kept log, some
customers answer a Google Forms survey, and unhappy customers stop buying more often.

Run ``python -m cx_sme.sample --end 2026-10 --out sample_data`` to write the
three files in the shapes real users have (see :mod:`cx_sme.sample.files`).

>>> data = simulate("2026-10")
>>> data.first_day.isoformat(), data.as_of.isoformat()
('2024-11-01', '2026-10-31')
>>> data == simulate("2026-10")
True
"""

from __future__ import annotations

import calendar
import datetime as dt
import math
import random
from dataclasses import dataclass, field, replace

from cx_sme.sample import texts as sample_texts

SEED = 20261031
MONTHS = 24
# The sample's history starts 24 months before this month. A later ``end`` continues the
# same history (every earlier month's rows stay exactly as they were) and shows its last
# 24 months; an earlier one starts 24 months before itself.
HISTORY_END = "2026-10"
COURIER_CHANGE = 13  # month index (0-based) of month 14: the new courier starts
STARTING_CUSTOMERS = 200

# Segment: share of starting customers, monthly order probability range, extra orders
# per month (Poisson mean), extra lines per order (Poisson mean), discount range,
# channel weights (counter, agent, office, web).
SEGMENTS = {
    "installer": (0.56, (0.62, 0.92), 0.7, 1.4, (0.25, 0.35), (0.55, 0.10, 0.25, 0.10)),
    "builder": (0.12, (0.40, 0.70), 0.2, 2.6, (0.30, 0.40), (0.05, 0.70, 0.25, 0.00)),
    "reseller": (0.10, (0.75, 0.95), 0.5, 3.4, (0.38, 0.45), (0.05, 0.60, 0.25, 0.10)),
    "maintenance": (0.07, (0.55, 0.85), 0.3, 1.2, (0.22, 0.28), (0.35, 0.10, 0.50, 0.05)),
    "private": (0.15, (0.08, 0.18), 0.0, 0.6, (0.00, 0.10), (0.60, 0.00, 0.00, 0.40)),
}
CHANNELS = (
    sample_texts.CH_COUNTER,
    sample_texts.CH_AGENT,
    sample_texts.CH_OFFICE,
    sample_texts.CH_WEB,
)
# Calendar-month seasonality of ordering (heating season up, August closed for holidays).
SEASON = (0.86, 0.92, 1.0, 1.04, 1.05, 1.05, 1.0, 0.5, 1.08, 1.16, 1.12, 0.82)
# Price list updates every January.
PRICE_LIST = {2024: 1.0, 2025: 1.035, 2026: 1.065, 2027: 1.09}


@dataclass
class Customer:
    code: str
    name: str
    segment: str
    p_order: float
    discount: float
    base_mood: float
    channel_weights: tuple[float, ...]
    joined: int  # month index of the first order (-1: a customer from before the data)
    left: int | None = None  # from this month on it buys no more
    pause: int = -1  # skips this month index (bought elsewhere for a while)


@dataclass(frozen=True)
class SaleLine:
    date: dt.date
    doc_type: str  # "Fattura" or "Nota di credito"
    doc: str
    code: str
    name: str
    article: str
    category: str
    channel: str
    quantity: float
    unit_price: float
    discount: float  # percent, 0-100
    amount: float  # taxable amount (imponibile), negative on credit notes


@dataclass(frozen=True)
class Complaint:
    opened: dt.date
    code: str
    name: str
    channel: str
    touchpoint: str  # code of the shared vocabulary
    category: str
    description: str
    owner: str
    closed: dt.date | None
    cost: float | None


@dataclass(frozen=True)
class SurveyAnswer:
    timestamp: dt.datetime
    code: str
    touchpoint: str  # code of the shared vocabulary
    nps: int
    csat: int
    ces: int | None
    comment: str


@dataclass(frozen=True)
class SampleData:
    first_day: dt.date
    as_of: dt.date
    customers: tuple[Customer, ...]
    sales: tuple[SaleLine, ...]
    complaints: tuple[Complaint, ...]
    surveys: tuple[SurveyAnswer, ...]


@dataclass
class _Order:
    date: dt.date
    customer: Customer
    channel: str
    lines: list[tuple[str, str, float, float]]  # article, category, quantity, unit price
    doc: str = ""
    issues: list[str] = field(default_factory=list)


def month_start(end: str, index: int) -> dt.date:
    """First day of month ``index`` (0 = the first of the 24 months ending with ``end``).

    >>> month_start("2026-10", 0), month_start("2026-10", 13)
    (datetime.date(2024, 11, 1), datetime.date(2025, 12, 1))
    """
    year, month = (int(part) for part in end.split("-"))
    total = year * 12 + (month - 1) - (MONTHS - 1) + index
    return dt.date(total // 12, total % 12 + 1, 1)


def _months_between(first: str, last: str) -> int:
    """Months from ``first`` to ``last`` (``YYYY-MM``), 0 when ``last`` is not later.

    >>> _months_between("2026-10", "2027-01"), _months_between("2026-10", "2025-06")
    (3, 0)
    """
    (ya, ma), (yb, mb) = ((int(x) for x in v.split("-")) for v in (first, last))
    return max(0, (yb * 12 + mb) - (ya * 12 + ma))


def _month_end(day: dt.date) -> dt.date:
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def _poisson(rng: random.Random, mean: float) -> int:
    if mean <= 0:
        return 0
    limit, k, product = math.exp(-mean), 0, rng.random()
    while product > limit:
        k += 1
        product *= rng.random()
    return k


def _weighted(rng: random.Random, items: list[str], weights: list[float]) -> str:
    return rng.choices(items, weights=weights)[0]


class _Simulation:
    def __init__(self, end: str, seed: int) -> None:
        self.end = end
        self.rng = random.Random(seed)  # noqa: S311 - reproducible sample data, not security
        # Months are counted from the origin of the history, not from ``end``: a month
        # behaves the same whatever the last month shown.
        self.origin_end = min(end, HISTORY_END)
        self.months = MONTHS + _months_between(self.origin_end, end)
        self.origin_day = month_start(self.origin_end, 0)
        self.first_day = month_start(end, 0)
        self.as_of = _month_end(month_start(end, MONTHS - 1))
        self.customers: list[Customer] = []
        self.names: set[str] = set()
        self.sales: list[SaleLine] = []
        self.credit_notes: list[tuple[dt.date, Customer, str, str, str, float, float]] = []
        self.complaints: list[Complaint] = []
        self.surveys: list[SurveyAnswer] = []
        self.invoice_seq: dict[int, int] = {}
        self.next_code = 1400
        # Open complaints per customer code: closing dates (None = never closed).
        self.open_until: dict[str, list[dt.date | None]] = {}

    # -- customers ------------------------------------------------------------------
    def _name(self, segment: str) -> str:
        rng = self.rng
        for _ in range(200):
            pattern = rng.choice(sample_texts.NAME_PATTERNS[segment])
            surname, other = rng.sample(sample_texts.SURNAMES, 2)
            name = pattern.format(
                s=surname,
                s2=other,
                f=rng.choice(sample_texts.FIRST_NAMES),
                town=rng.choice(sample_texts.TOWNS),
            )
            if name not in self.names:
                self.names.add(name)
                return name
        raise RuntimeError("ran out of customer names")  # pragma: no cover

    def _customer(self, code: int, joined: int, segment: str | None = None) -> Customer:
        rng = self.rng
        if segment is None:
            segments = list(SEGMENTS)
            segment = _weighted(rng, segments, [SEGMENTS[s][0] for s in segments])
        _, (low, high), _, _, (d_low, d_high), channels = SEGMENTS[segment]
        customer = Customer(
            code=f"{code:05d}",
            name=self._name(segment),
            segment=segment,
            p_order=rng.uniform(low, high),
            discount=round(rng.uniform(d_low, d_high) * 100),
            base_mood=rng.gauss(8.6, 0.7),
            channel_weights=channels,
            joined=joined,
        )
        self.customers.append(customer)
        return customer

    def _new_customers(self, m: int) -> list[Customer]:
        calendar_month = self._start(m).month
        mean = (3.6 + 0.09 * m) * SEASON[calendar_month - 1]
        if calendar_month == 4 and self._start(m).year % 2 == 0:
            mean += 6  # contacts from the March trade fair (Mostra Convegno, even years)
        fresh = []
        for _ in range(_poisson(self.rng, mean)):
            self.next_code += self.rng.randint(1, 4)
            fresh.append(self._customer(self.next_code, m))
        return fresh

    # -- orders ---------------------------------------------------------------------
    def _order_day(self, start: dt.date, channel: str) -> dt.date:
        last = _month_end(start).day
        while True:
            day = start.replace(day=self.rng.randint(1, last))
            weekday = day.weekday()
            if weekday < 5 or (weekday == 5 and channel == sample_texts.CH_COUNTER):
                if not (day.month == 8 and 9 <= day.day <= 23):  # closed mid-August
                    return day

    def _lines(self, customer: Customer, start: dt.date) -> list[tuple[str, str, float, float]]:
        rng = self.rng
        count = 1 + _poisson(rng, SEGMENTS[customer.segment][3])
        weights = []
        for _article, category, price, _qty in sample_texts.PRODUCTS:
            season = sample_texts.CATEGORY_SEASON.get(category, (1.0,) * 12)[start.month - 1]
            affinity = 1.6 if customer.segment == "private" and price > 100 else 1.0
            if customer.segment == "private" and category in ("Tubi e raccordi", "Ricambi"):
                affinity = 0.15
            weights.append(season * affinity * (3.0 if price < 50 else 1.0))
        chosen = rng.choices(sample_texts.PRODUCTS, weights=weights, k=count)
        lines = []
        factor = PRICE_LIST.get(start.year, 1.09)
        for article, category, price, quantities in chosen:
            quantity = float(rng.choice(quantities))
            if customer.segment in ("builder", "reseller") and price < 400:
                quantity *= rng.choice((2, 3, 4))
            lines.append((article, category, quantity, round(price * factor, 2)))
        return lines

    def _orders(self, m: int, active: list[Customer], fresh: set[str]) -> list[_Order]:
        rng = self.rng
        start = self._start(m)
        season = SEASON[start.month - 1]
        orders = []
        for customer in active:
            if customer.code in fresh:
                count = 1
            elif customer.pause == m or rng.random() >= min(0.97, customer.p_order * season):
                continue
            else:
                count = 1 + _poisson(rng, SEGMENTS[customer.segment][2] * season)
            for _ in range(count):
                channel = rng.choices(CHANNELS, weights=customer.channel_weights)[0]
                day = self._order_day(start, channel)
                orders.append(_Order(day, customer, channel, self._lines(customer, start)))
        orders.sort(key=lambda o: (o.date, o.customer.code))
        for order in orders:
            year = order.date.year
            self.invoice_seq[year] = self.invoice_seq.get(year, 0) + 1
            order.doc = f"FT {year}/{self.invoice_seq[year]:05d}"
            for article, category, quantity, price in order.lines:
                gross = quantity * price
                self.sales.append(
                    SaleLine(
                        order.date, "Fattura", order.doc, order.customer.code,
                        order.customer.name, article, category, order.channel, quantity,
                        price, float(order.customer.discount),
                        round(gross * (1 - order.customer.discount / 100), 2),
                    )
                )  # fmt: skip
        return orders

    # -- what goes wrong ------------------------------------------------------------
    def _issues(self, order: _Order, m: int) -> None:
        rng = self.rng
        shipped = order.channel != sample_texts.CH_COUNTER
        chances = {
            "invoice": 0.050 + 0.012 * m / MONTHS,
            "delivery": (0.075 if m >= COURIER_CHANGE else 0.02) if shipped else 0.0,
            "after_sales": 0.012 * sum(c in _TECHNICAL for _, c, _, _ in order.lines),
            "order_confirmation": 0.010
            if order.channel in (sample_texts.CH_AGENT, sample_texts.CH_OFFICE)
            else 0,
            "website": 0.03 if order.channel == sample_texts.CH_WEB else 0.0,
            "shop": 0.010 if order.channel == sample_texts.CH_COUNTER else 0.0,
            "payments": 0.006,
            "packaging": 0.005 if shipped else 0.0,
            "phone": 0.004,
            "quote": 0.005 if order.channel == sample_texts.CH_AGENT else 0.0,
            "sales_visit": 0.004 if order.channel == sample_texts.CH_AGENT else 0.0,
            "manual": 0.003,
        }
        order.issues = [issue for issue, p in chances.items() if rng.random() < p]

    def _complaint(self, order: _Order, issue: str) -> None:
        rng = self.rng
        customer = order.customer
        delay = {"invoice": rng.randint(3, 24), "payments": rng.randint(20, 45)}
        opened = order.date + dt.timedelta(days=delay.get(issue, rng.randint(0, 4)))
        category, text = rng.choice(
            [
                (category, text)
                for category, texts in sample_texts.COMPLAINT_TEXT[issue]
                for text in texts
            ]
        )
        article = rng.choice(order.lines)[0]
        description = text.format(doc=order.doc, art=article, n=rng.randint(2, 9))
        department = sample_texts.TP_DEPT[issue]
        month = (opened.year - self.origin_day.year) * 12 + opened.month - self.origin_day.month
        unowned_share = 0.05 if month < 12 else 0.05 + 0.035 * (month - 11)
        owner = "" if rng.random() < unowned_share else rng.choice(sample_texts.OWNERS[department])
        median = {"invoice": 6.0, "delivery": 3.0, "after_sales": 8.0, "payments": 5.0}
        days_median = median.get(issue, 4.0)
        if issue == "delivery" and opened >= self._start(COURIER_CHANGE):
            days_median = 11.0  # every claim now goes through the new courier
        never = 0.02
        if not owner:
            days_median *= 3.5
            never = 0.45
        closed: dt.date | None = None
        if rng.random() >= never:
            days = max(0, round(rng.lognormvariate(math.log(days_median), 0.55)))
            closed = opened + dt.timedelta(days=days)  # perhaps after as_of: see _shown()
        cost = self._complaint_cost(order, issue, article, closed)
        channel = (
            sample_texts.CH_AGENT
            if order.channel == sample_texts.CH_AGENT and rng.random() < 0.4
            else ""
        )
        self.complaints.append(
            Complaint(
                opened, customer.code, customer.name,
                channel or rng.choice(sample_texts.COMPLAINT_CHANNELS), issue, category,
                description, owner, closed, cost,
            )
        )  # fmt: skip
        self.open_until.setdefault(customer.code, []).append(closed)

    def _complaint_cost(
        self, order: _Order, issue: str, article: str, closed: dt.date | None
    ) -> float | None:
        rng = self.rng
        line_total = sum(q * p for a, _, q, p in order.lines if a == article)
        net = line_total * (1 - order.customer.discount / 100)
        category = next(c for a, c, _, _ in order.lines if a == article)
        if issue == "invoice" and rng.random() < 0.65:
            credit = round(min(net, rng.uniform(0.05, 0.25) * net + rng.uniform(8, 40)), 2)
            if closed is not None:
                self.credit_notes.append(
                    (closed, order.customer, order.channel, "Rettifica " + order.doc,
                     category, 1.0, -credit)
                )  # fmt: skip
            return credit
        if issue == "delivery":
            if rng.random() < 0.35 and closed is not None:
                unit = next(p for a, _, _, p in order.lines if a == article)
                unit_net = round(unit * (1 - order.customer.discount / 100), 2)
                self.credit_notes.append(
                    (closed, order.customer, order.channel, article, category, -1.0, -unit_net)
                )
                return round(unit_net + rng.uniform(15, 45), 2)
            return round(rng.uniform(18, 60), 2)
        if issue == "after_sales":
            return round(rng.uniform(40, 320), 2)
        if issue in ("order_confirmation", "packaging") and rng.random() < 0.5:
            return round(rng.uniform(10, 80), 2)
        return None

    # -- what customers say and do --------------------------------------------------
    def _mood(self, customer: Customer, issues: set[str], day: dt.date, m: int) -> float:
        penalty = {
            "invoice": 4.6, "delivery": 3.4, "after_sales": 3.0, "payments": 2.6,
            "order_confirmation": 2.2, "website": 1.8, "shop": 2.0,
        }  # fmt: skip
        mood = customer.base_mood + self.rng.gauss(0, 0.75)
        mood -= sum(penalty.get(issue, 1.5) for issue in issues)
        if m >= COURIER_CHANGE and self.rng.random() < 0.15:
            mood -= 1.0  # the new courier's slower service irritates some customers anyway
        pending = [c for c in self.open_until.get(customer.code, []) if c is None or c > day]
        return mood - 1.8 * min(len(pending), 2)

    def _survey(self, customer: Customer, orders: list[_Order], mood: float, m: int) -> None:
        rng = self.rng
        order = rng.choice(orders)
        issues = {i for o in orders for i in o.issues}
        touchpoint = self._survey_touchpoint(order, issues, customer)
        nps = max(0, min(10, round(mood)))
        csat = max(1, min(5, round((mood - 0.5) / 2.0 + rng.gauss(0, 0.45))))
        ces_from = self._start(7)  # the effort question was added in month 8
        ces = None
        if order.date >= ces_from and rng.random() < 0.85:
            ces = max(1, min(7, round(mood * 0.62 + 0.6 + rng.gauss(0, 0.7))))
        end = min(_month_end(order.date), self.as_of)
        day = order.date + dt.timedelta(days=rng.randint(0, 6))
        day = min(day, end)
        stamp = dt.datetime.combine(day, dt.time(rng.randint(7, 21), rng.randint(0, 59)))
        stamp += dt.timedelta(seconds=rng.randint(0, 59))
        code = "" if rng.random() < 0.06 else customer.code
        comment = _comment(rng, touchpoint, nps, courier_era=m >= COURIER_CHANGE)
        self.surveys.append(SurveyAnswer(stamp, code, touchpoint, nps, csat, ces, comment))

    def _survey_touchpoint(self, order: _Order, issues: set[str], customer: Customer) -> str:
        rng = self.rng
        if customer.code in self.open_until and rng.random() < 0.2:
            return "complaints"
        for issue, share in (("invoice", 0.7), ("delivery", 0.75), ("after_sales", 0.7)):
            if issue in issues and rng.random() < share:
                return issue
        if issues and rng.random() < 0.5:
            return rng.choice(sorted(issues))
        options = {
            "delivery": 0.22 if order.channel != sample_texts.CH_COUNTER else 0.02,
            "shop": 0.30 if order.channel == sample_texts.CH_COUNTER else 0.0,
            "sales_visit": 0.25 if order.channel == sample_texts.CH_AGENT else 0.02,
            "website": 0.30 if order.channel == sample_texts.CH_WEB else 0.02,
            "invoice": 0.10, "order_confirmation": 0.07, "after_sales": 0.07, "phone": 0.06,
            "quote": 0.05, "payments": 0.04, "packaging": 0.03, "catalogue": 0.03,
            "newsletter": 0.02, "manual": 0.01,
        }  # fmt: skip
        return _weighted(rng, list(options), list(options.values()))

    def _fate(self, customer: Customer, mood: float, m: int) -> None:
        """Detractors stop buying (or pause) about twice as often as the others."""
        rng = self.rng
        if mood < 6.5:
            if rng.random() < 0.13:
                customer.left = m + 1
            elif rng.random() < 0.38:
                customer.pause = m + 1
        elif rng.random() < 0.004:
            customer.left = m + 1

    # -- the run --------------------------------------------------------------------
    def run(self) -> SampleData:
        rng = self.rng
        codes = sorted(rng.sample(range(12, self.next_code), STARTING_CUSTOMERS))
        for code in codes:
            self._customer(code, -1)
        for m in range(self.months):
            start = self._start(m)
            fresh = {c.code for c in self._new_customers(m)}
            active = [c for c in self.customers if c.joined <= m and (c.left is None or c.left > m)]
            orders = self._orders(m, active, fresh)
            by_customer: dict[str, list[_Order]] = {}
            for order in orders:
                self._issues(order, m)
                by_customer.setdefault(order.customer.code, []).append(order)
            for order in orders:
                for issue in order.issues:
                    chance = {"invoice": 0.56, "delivery": 0.62, "after_sales": 0.7}
                    if rng.random() < chance.get(issue, 0.4):
                        self._complaint(order, issue)
            for customer in active:
                mine = by_customer.get(customer.code)
                if not mine:
                    if rng.random() < 0.004:
                        customer.left = m + 1
                    continue
                issues = {i for o in mine for i in o.issues}
                mood = self._mood(customer, issues, _month_end(start), m)
                respond = 0.05 if customer.segment == "private" else 0.32
                if rng.random() < respond:
                    self._survey(customer, mine, mood, m)
                self._fate(customer, mood, m)
            if start.month == 3 and start.year % 2 == 0:
                self._fair_answers(start, active)
        self._credit_notes()
        return self._shown()

    def _start(self, m: int) -> dt.date:
        """First day of month ``m`` of the history (0 = its first month)."""
        return month_start(self.origin_end, m)

    def _shown(self) -> SampleData:
        """The 24 months ending with ``end``, as known at its last day: complaints
        opened later are left out, closings after it are still open, credit notes dated
        after it do not exist yet."""
        first, last = self.first_day, self.as_of

        def within(day: dt.date) -> bool:
            return first <= day <= last

        complaints = [
            c if c.closed is None or c.closed <= last else replace(c, closed=None)
            for c in self.complaints
            if within(c.opened)
        ]
        return SampleData(
            first,
            last,
            tuple(self.customers),
            tuple(sorted((s for s in self.sales if within(s.date)),
                         key=lambda s: (s.date, s.doc_type, s.doc))),
            tuple(sorted(complaints, key=lambda c: (c.opened, c.code))),
            tuple(sorted((s for s in self.surveys if within(s.timestamp.date())),
                         key=lambda s: s.timestamp)),
        )  # fmt: skip

    def _fair_answers(self, start: dt.date, active: list[Customer]) -> None:
        """Customers visiting the stand at the March trade fair answer the survey too."""
        rng = self.rng
        for customer in rng.sample(active, min(14, len(active))):
            mood = customer.base_mood + rng.gauss(0.3, 0.7)
            day = start.replace(day=rng.randint(10, 14))
            stamp = dt.datetime.combine(day, dt.time(rng.randint(9, 19), rng.randint(0, 59)))
            nps = max(0, min(10, round(mood)))
            csat = max(1, min(5, round((mood - 0.5) / 2.0)))
            ces = max(1, min(7, round(mood * 0.62 + 0.6)))
            comment = _comment(rng, "trade_fair", nps, courier_era=False)
            self.surveys.append(
                SurveyAnswer(stamp, customer.code, "trade_fair", nps, csat, ces, comment)
            )

    def _credit_notes(self) -> None:
        seq: dict[int, int] = {}
        for day, customer, channel, article, category, qty, amount in sorted(
            self.credit_notes, key=lambda n: (n[0], n[1].code)
        ):
            seq[day.year] = seq.get(day.year, 0) + 1
            doc = f"NC {day.year}/{seq[day.year]:04d}"
            self.sales.append(
                SaleLine(
                    day, "Nota di credito", doc, customer.code, customer.name, article,
                    category, channel, qty, round(abs(amount) / abs(qty), 2), 0.0, amount,
                )
            )  # fmt: skip


_TECHNICAL = {"Caldaie e scaldacqua", "Climatizzazione", "Pompe e circolatori"}


def _comment(rng: random.Random, touchpoint: str, nps: int, *, courier_era: bool) -> str:
    """An Italian comment matching the score and the touchpoint, typed as people type."""
    mood = "neg" if nps <= 6 else ("mid" if nps <= 8 else "pos")
    if rng.random() < {"neg": 0.22, "mid": 0.55, "pos": 0.45}[mood]:
        return ""
    bank = sample_texts.COMMENTS[touchpoint]
    pool = bank[mood]
    if touchpoint == "delivery" and mood == "neg" and courier_era and rng.random() < 0.75:
        pool = bank["neg_courier"]
    parts = [rng.choice(pool)]
    if rng.random() < 0.35:
        parts.append(rng.choice(sample_texts.GENERIC[mood]))
    text = parts[0]
    if len(parts) > 1:
        separator = rng.choice((". ", ". ", ", ", " - ", "\n"))
        second = parts[1] if separator != ", " else parts[1][0].lower() + parts[1][1:]
        text = text + separator + second
    else:
        ending = rng.choice(("", ".", ".", "!" if mood != "mid" else "."))
        if mood == "neg" and rng.random() < 0.1:
            ending = "!!"
        text += ending
    if rng.random() < 0.12:
        text = text[0].lower() + text[1:]
    return text


def simulate(end: str = "2026-10", seed: int = SEED) -> SampleData:
    """Run the month-by-month simulation for the 24 months ending with ``end``."""
    return _Simulation(end, seed).run()
