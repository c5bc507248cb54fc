"""core.jobs.batches_on_connections: a task's batches on a few threads (each with its own database connection)."""

import threading
import time

import pytest

from core.jobs import batches_on_connections


def test_two_connections_run_two_batches_at_once_and_results_keep_the_batches_order():
    both_running = threading.Barrier(2, timeout=10)  # broken (an error) unless two batches run at the same time
    threads = set()

    def work(batch):
        if batch in (1, 2):
            both_running.wait()
        threads.add(threading.get_ident())
        return batch * 10

    assert batches_on_connections([1, 2, 3, 4, 5], work, connections_at_once=2) == [10, 20, 30, 40, 50]
    assert len(threads) == 2
    assert threading.get_ident() not in threads


def test_one_connection_runs_the_batches_in_order_in_the_calling_thread():
    seen = []

    def work(batch):
        seen.append((batch, threading.get_ident()))
        return batch

    assert batches_on_connections([3, 1, 2], work, connections_at_once=1) == [3, 1, 2]
    assert seen == [(3, threading.get_ident()), (1, threading.get_ident()), (2, threading.get_ident())]


def test_the_first_error_is_raised_and_stops_the_batches_not_yet_begun():
    begun = []
    second_begun, failing = threading.Event(), threading.Event()

    def work(batch):
        begun.append(batch)
        if batch == "fails":
            second_begun.wait(timeout=10)  # fails while the other thread is inside its batch
            failing.set()
            raise ValueError("refused")
        second_begun.set()
        failing.wait(timeout=10)
        time.sleep(0.2)  # lets the failing thread record its error before this one looks for the next batch
        return batch

    with pytest.raises(ValueError, match="refused"):
        batches_on_connections(["fails", "slow", "third", "fourth"], work, connections_at_once=2)
    assert sorted(begun) == ["fails", "slow"]


def test_no_batches_give_no_results():
    assert batches_on_connections([], lambda batch: batch, connections_at_once=2) == []
