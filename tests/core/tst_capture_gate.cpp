// SPDX-License-Identifier: MIT
// Copyright (c) 2026 NAAP Workbench authors
// The gate that keeps other models' CUDA calls out of a CUDA-graph capture
// (core/src/train/torch/cuda_step_graphs.h). It is plain C++, so its concurrency is tested here,
// built from the trainer's own source without LibTorch; the capture itself needs a GPU
// (bench/gpu/run.sh).
#include <QtTest>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <functional>
#include <future>
#include <stdexcept>
#include <thread>

#include "train/torch/cuda_step_graphs.h"

using namespace naap::core::detail;
using namespace std::chrono_literals;

namespace {

// Long enough for a thread that is not blocked to get through; a blocked one never does.
constexpr auto kSettle = 200ms;
constexpr auto kPatience = 10s;

struct Finally {
    std::function<void()> run;
    ~Finally() { run(); }
};

bool finishes(std::future<void>& f, std::chrono::milliseconds within)
{
    return f.wait_for(within) == std::future_status::ready;
}

} // namespace

class TestCaptureGate : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void workRunsSideBySide();
    void captureWaitsForWorkAndHoldsNewWorkBack();
    void captureAfterCaptureAndWork();
    void buildWithoutGraphs();
};

void TestCaptureGate::workRunsSideBySide()
{
    // Two models' steps hold the gate at the same time: neither waits for the other.
    CaptureGate& gate = CaptureGate::instance();
    auto first = gate.work();
    auto other = std::async(std::launch::async, [&] { auto second = gate.work(); });
    QVERIFY(finishes(other, kPatience));
}

void TestCaptureGate::captureWaitsForWorkAndHoldsNewWorkBack()
{
    CaptureGate& gate = CaptureGate::instance();
    std::atomic<bool> captured{false}, captureDone{false}, laterWorkRan{false}, laterAfterCapture{false};
    std::promise<void> releaseCapture;
    std::shared_future<void> release = releaseCapture.get_future().share();

    std::future<void> capture, later;
    auto step = std::make_unique<std::shared_lock<std::shared_mutex>>(gate.work()); // a model mid-step
    bool released = false;
    // On a failed check the threads must still end (the futures join when destroyed).
    const Finally cleanup([&] {
        step.reset();
        if (!released)
            releaseCapture.set_value();
    });
    capture = std::async(std::launch::async, [&] {
        auto exclusive = gate.capture();
        captured = true;
        release.wait(); // the capture is under way until the test lets it end
        captureDone = true;
    });
    std::this_thread::sleep_for(kSettle);
    QVERIFY2(!captured, "a capture began while another model was inside a step");

    // A step that starts after the capture asked for the gate waits behind it: captures are
    // never starved by a stream of steps.
    later = std::async(std::launch::async, [&] {
        auto work = gate.work();
        laterAfterCapture = captureDone.load(); // the capture had ended before this step began
        laterWorkRan = true;
    });
    std::this_thread::sleep_for(kSettle);
    QVERIFY2(!laterWorkRan, "a new step got past a waiting capture");

    step.reset(); // the first model's step ends: the capture goes ahead, the later step still waits
    for (auto waited = 0ms; !captured && waited < kPatience; waited += 10ms)
        std::this_thread::sleep_for(10ms);
    QVERIFY2(captured, "the capture did not begin after the last step ended");
    std::this_thread::sleep_for(kSettle);
    QVERIFY2(!laterWorkRan, "a step ran during a capture");

    releaseCapture.set_value();
    released = true;
    QVERIFY(finishes(capture, kPatience));
    QVERIFY(finishes(later, kPatience));
    QVERIFY(laterWorkRan);
    QVERIFY(laterAfterCapture);
}

void TestCaptureGate::captureAfterCaptureAndWork()
{
    // Captures take turns, and the gate is free again afterwards.
    CaptureGate& gate = CaptureGate::instance();
    std::atomic<int> inside{0}, most{0};
    const auto captureOnce = [&] {
        auto exclusive = gate.capture();
        most = std::max(most.load(), ++inside);
        std::this_thread::sleep_for(20ms);
        --inside;
    };
    auto a = std::async(std::launch::async, captureOnce);
    auto b = std::async(std::launch::async, captureOnce);
    QVERIFY(finishes(a, kPatience));
    QVERIFY(finishes(b, kPatience));
    QCOMPARE(most.load(), 1);
    auto after = std::async(std::launch::async, [&] { auto work = gate.work(); });
    QVERIFY(finishes(after, kPatience));
}

void TestCaptureGate::buildWithoutGraphs()
{
    // This source is compiled here as in a CPU LibTorch build: no graphs, whatever the setting.
    QVERIFY(!cudaGraphsBuilt());
    qputenv("NAAP_TRAIN_CUDA_GRAPHS", "1");
    QVERIFY(!cudaGraphsEnabled());
    qunsetenv("NAAP_TRAIN_CUDA_GRAPHS");
    StepGraphs graphs;
    QVERIFY(!graphs.has(0.1));
    bool ran = false;
    QVERIFY_THROWS_EXCEPTION(std::logic_error, graphs.capture(0.1, [&] { ran = true; }));
    QVERIFY(!ran);
    QVERIFY(!graphs.has(0.1));
}

QTEST_GUILESS_MAIN(TestCaptureGate)
#include "tst_capture_gate.moc"
