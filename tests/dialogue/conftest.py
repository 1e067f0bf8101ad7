from __future__ import annotations

import pytest
from dialogue_harness import NOW, Conversation, FakeService, load_gazetteer, load_index

from intake import dialogue as dl
from routing.employers.index import EmployerIndex


@pytest.fixture(scope="session")
def index() -> EmployerIndex:
    return load_index()


@pytest.fixture(scope="session")
def gazetteer() -> dl.TownshipGazetteer:
    return load_gazetteer()


@pytest.fixture
def service() -> FakeService:
    return FakeService()


@pytest.fixture
def conv(
    index: EmployerIndex, gazetteer: dl.TownshipGazetteer, service: FakeService
) -> Conversation:
    return Conversation(now=NOW, index=index, gazetteer=gazetteer, service=service)
