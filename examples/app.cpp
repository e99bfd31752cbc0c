// app.cpp — a small "fitness app" in C++17 on the RAII wrapper.
//
// One athlete logs four runs over a week. After each run the app evaluates
// the default protocols against the athlete (whose history holds the earlier
// runs, so the training-load facts grow), prints the plan compactly, then
// files the run in the athlete's history.
// Installed, the wrapper sits next to the C header: <runcover/runcover.hpp>.
// In the source tree it is bindings/cpp/runcover.hpp.
#if __has_include(<runcover/runcover.hpp>)
#include <runcover/runcover.hpp>
#else
#include "runcover.hpp"
#endif

#include <cstdio>
#include <exception>
#include <string>
#include <vector>

namespace {

struct Run {
    const char *label;
    const char *kind;
    const char *end; // RFC 3339 with the runner's UTC offset
    double minutes;
    double km;
    double rpe;
    double soreness;
};

const std::vector<Run> kWeek = {
    { "Monday easy", "easy", "2026-11-16T07:10:00+01:00", 45, 8.2, 3, 2 },
    { "Wednesday intervals", "intervals", "2026-11-18T18:45:00+01:00", 60, 11.5, 8, 4 },
    { "Friday tempo", "tempo", "2026-11-20T12:30:00+01:00", 50, 10.4, 7, 5 },
    { "Sunday long run", "long", "2026-11-22T09:30:00+01:00", 132, 30.6, 8, 6 },
};

std::string fmt_range(double lo, double hi)
{
    char b[64];
    if (lo == hi)
        std::snprintf(b, sizeof b, "%g", lo);
    else
        std::snprintf(b, sizeof b, "%g-%g", lo, hi);
    return b;
}

void print_plan(const Run &run, const runcover::Plan &plan, std::size_t history)
{
    std::printf("== %s (%s, %.0f min, RPE %.0f; %zu earlier run%s on file)\n", run.label, run.kind, run.minutes,
                run.rpe, history, history == 1 ? "" : "s");
    if (plan.red_flag())
        std::printf("   !! red flag: see a professional before training again\n");
    for (runcover::Item item : plan) {
        std::string when;
        if (auto w = item.window())
            when = " @+" + fmt_range(w->min, w->max) + " min";
        std::printf("   - %-20.*s %.*s%s", static_cast<int>(item.category().size()), item.category().data(),
                    static_cast<int>(item.title().size()), item.title().data(), when.c_str());
        if (auto a = item.amount())
            std::printf(" [%s %.*s]", fmt_range(a->min, a->max).c_str(), static_cast<int>(a->unit.size()),
                        a->unit.data());
        std::printf("\n");
    }
    if (plan.empty())
        std::printf("   (no items)\n");
    if (auto h = plan.recovery_hours())
        std::printf("   recovery: %.0f h", *h);
    else
        std::printf("   recovery: no estimate");
    if (auto next = plan.next_hard_session_after())
        std::printf("; next hard session after %s\n", next->c_str());
    else
        std::printf("; no date for the next hard session\n");
}

} // namespace

int main()
{
    try {
        runcover::Evaluator ev = runcover::Evaluator::with_defaults();
        runcover::Athlete athlete;
        athlete.set("mass_kg", 64.5).set("age", 29).set("sex", "female").set("phase", "build").set("hr_max", 192);

        for (const Run &run : kWeek) {
            runcover::Session s;
            s.set("kind", run.kind)
                .set("end", run.end)
                .set("duration_min", run.minutes)
                .set("distance_km", run.km)
                .set("rpe", run.rpe)
                .set("checkin.soreness", run.soreness);
            runcover::Plan plan = ev.evaluate(athlete, s);
            print_plan(run, plan, athlete.history_size());
            athlete.add_session(s); // the finished run joins the history
        }
        std::printf("history: %zu runs\n", athlete.history_size());
        return 0;
    } catch (const runcover::error &e) {
        std::fprintf(stderr, "runcover: %s\n", e.what());
    } catch (const std::exception &e) {
        std::fprintf(stderr, "error: %s\n", e.what());
    }
    return 1;
}
