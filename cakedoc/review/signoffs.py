"""Who signed off how much: per page and for the whole guide.

In: the review (:class:`~cakedoc.review.check.Review`), whose pages know the
state of every source block and the sign-off record it was checked against.
Out: :class:`SignOffs`: blocks signed off (current, not stale) out of all
source blocks, and per reviewer how many blocks and the latest date.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from cakedoc.review.check import PageReview, Review
from cakedoc.review.staleness import REVIEWED


@dataclass
class SignOffs:
    signed: int = 0  #: source blocks whose sign-off is current
    total: int = 0  #: source blocks
    reviewers: dict[str, tuple[int, str]] = field(default_factory=dict)  #: name → (blocks, latest date)

    def add(self, other: SignOffs) -> SignOffs:
        merged = dict(self.reviewers)
        for name, (count, date) in other.reviewers.items():
            old_count, old_date = merged.get(name, (0, ""))
            merged[name] = (old_count + count, max(old_date, date))
        return SignOffs(self.signed + other.signed, self.total + other.total, merged)

    @property
    def latest(self) -> str:
        return max((date for _, date in self.reviewers.values()), default="")

    def who(self) -> str:
        """"Ada (40 blocks, last 2026-03-12); Ben (3 blocks, last 2026-03-01)"."""
        return "; ".join(f"{name} ({count} block{'s' * (count != 1)}, last {date})"
                         for name, (count, date) in sorted(self.reviewers.items(),
                                                           key=lambda item: -item[1][0]))


def of_page(page: PageReview) -> SignOffs:
    found = SignOffs(total=sum(1 for pair in page.pairs if pair.source is not None))
    for status in page.status.values():
        if status.state == REVIEWED and status.record is not None:
            found.signed += 1
            count, date = found.reviewers.get(status.record.reviewer, (0, ""))
            found.reviewers[status.record.reviewer] = (count + 1, max(date, status.record.date))
    return found


def of_guide(review: Review) -> SignOffs:
    total = SignOffs()
    for page in review.pages:
        total = total.add(of_page(page))
    return total
