"""The seven CSI steps: key, mode name, short label, the question each answers."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Step:
    number: int
    mode: str
    label: str
    title: str
    question: str


STEPS: tuple[Step, ...] = (
    Step(
        1,
        "strategy",
        "Strategy",
        "Identify the strategy for improvement",
        "What is the vision, the business need, the goal?",
    ),
    Step(
        2,
        "measures",
        "Measures",
        "Define what will be measured",
        "What should we measure, what can we measure?",
    ),
    Step(3, "gather", "Gather", "Gather the data", "Do we have trustworthy data?"),
    Step(4, "process", "Process", "Process the data", "What are the numbers per period?"),
    Step(
        5,
        "analyse",
        "Analyse",
        "Analyse the information and data",
        "Did the results meet the expectation?",
    ),
    Step(
        6,
        "present",
        "Present",
        "Use and present the information",
        "What do we tell decision makers?",
    ),
    Step(
        7,
        "implement",
        "Implement",
        "Implement the service improvement",
        "Does it become the new standard?",
    ),
)
