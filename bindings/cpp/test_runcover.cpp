// Tests of the C++17 wrapper: compiled -std=c++17 -Wall -Wextra -Werror -pedantic,
// run against the build tree. Plain main(); every failed check is printed and
// the exit status is the number of failures (0 = pass).
#include "runcover.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <iterator>
#include <string>
#include <type_traits>
#include <utility>

static int failures = 0;

#define CHECK(cond)                                                                  \
    do {                                                                             \
        if (!(cond)) {                                                               \
            std::fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__, __LINE__, #cond); \
            failures++;                                                              \
        }                                                                            \
    } while (0)

// Runs expr, expecting runcover::error with the given status; yields the error's text.
#define CHECK_THROWS(expr, status)                                                    \
    do {                                                                              \
        bool thrown_ = false;                                                         \
        try {                                                                         \
            (void)(expr);                                                             \
        } catch (const runcover::error &e_) {                                         \
            thrown_ = true;                                                           \
            if (e_.code() != (status)) {                                              \
                std::fprintf(stderr, "%s:%d: %s threw %d (%s), expected %d\n", __FILE__, \
                             __LINE__, #expr, e_.code(), e_.what(), (status));        \
                failures++;                                                           \
            }                                                                         \
        }                                                                             \
        if (!thrown_) {                                                               \
            std::fprintf(stderr, "%s:%d: %s did not throw\n", __FILE__, __LINE__, #expr); \
            failures++;                                                               \
        }                                                                             \
    } while (0)

static const char *const kProtocol = R"(format: 1
protocol: test
version: 1
sources: { t: "test source", u: "other source" }
rules:
  - id: refuel-carbs
    when: session.duration_min >= 60
    category: refuel
    phase: immediate
    window: { start_min: 0, end_min: 60 }
    amount: { min: 0.8 * athlete.mass_kg, max: 1.2 * athlete.mass_kg, unit: g }
    title: "Refuel"
    detail: "Eat {amount} of carbohydrate."
    sources: [t]
  - id: rehydrate
    when: session.mass_loss_kg > 0
    category: rehydrate
    phase: immediate
    window: { start_min: 0, end_min: 120 }
    amount: { min: 1250 * session.mass_loss_kg, max: 1500 * session.mass_loss_kg, unit: ml }
    title: "Rehydrate"
    detail: "Drink {amount} of fluid."
    sources: [t, u]
  - id: nap
    when: session.rpe >= 7
    category: nap
    phase: mid_term
    window: { start_min: 120, end_min: 240 }
    duration: { min: 20, max: 30 }
    title: "Take a short nap"
  - id: easy-days
    when: session.rpe >= 7
    category: training_adjustment
    phase: long_term
    recovery_hours: 48
    title: "Two easy days"
)";

static const char *const kScenario = R"(athlete:
  mass_kg: 70
  phase: build
  history:
    - { end: 2026-11-15T10:00:00Z, kind: race, duration_min: 200, rpe: 9 }
session:
  kind: long
  end: 2026-11-22T09:30:00+01:00
  duration_min: 132
  rpe: 8
expect:
  fires: [refuel-carbs, nap]
  recovery_hours: 48
)";

static runcover::Athlete make_athlete()
{
    runcover::Athlete a;
    a.set("mass_kg", 70).set("age", 34).set("phase", "build").set("preferences", std::string("vegan"));
    return a;
}

static runcover::Session make_session()
{
    runcover::Session s;
    s.set("kind", "long")
        .set("end", "2026-11-22T09:30:00+01:00")
        .set("duration_min", 132)
        .set("rpe", 8.0)
        .set("mass_before_kg", 70.0)
        .set("mass_after_kg", 68.9)
        .set("checkin.soreness", 6)
        .set("checkin.sharp_pain", false);
    return s;
}

static void test_types()
{
    static_assert(!std::is_copy_constructible_v<runcover::Evaluator>);
    static_assert(!std::is_copy_assignable_v<runcover::Plan>);
    static_assert(std::is_nothrow_move_constructible_v<runcover::Athlete>);
    static_assert(std::is_nothrow_move_assignable_v<runcover::Session>);
    static_assert(std::is_base_of_v<std::runtime_error, runcover::error>);
    static_assert(std::is_same_v<std::iterator_traits<runcover::Plan::iterator>::iterator_category,
                                 std::random_access_iterator_tag>);
    static_assert(sizeof(runcover::athlete_ptr) == sizeof(void *), "the deleter is empty");
    CHECK(runcover::runtime_version_ok());
    CHECK(std::string(runcover::version()) == RUNCOVER_VERSION_STRING);
}

static void test_plan()
{
    runcover::Evaluator ev;
    ev.load_string(kProtocol, "test.yaml");
    CHECK(ev.rule_count() == 5);
    CHECK(ev.protocols().size() == 1 && ev.protocols()[0].name == "test" && ev.protocols()[0].sha256.size() == 64);
    CHECK(ev.find_rule("nap").has_value());
    CHECK(!ev.find_rule("no-such-rule").has_value());

    runcover::Athlete a = make_athlete();
    runcover::Session s = make_session();
    runcover::Plan plan = ev.evaluate(a, s);

    CHECK(plan.size() == 4);
    CHECK(!plan.red_flag());
    CHECK(plan.recovery_hours() == 48.0);
    CHECK(plan.next_hard_session_after() == std::string("2026-11-24T09:30:00+01:00"));

    std::vector<std::string> ids;
    for (runcover::Item item : plan)
        ids.emplace_back(item.id());
    CHECK((ids == std::vector<std::string>{ "refuel-carbs", "rehydrate", "nap", "easy-days" }));

    // Every range-for spelling compiles and sees the same items (operator* returns a reference).
    std::vector<std::string> by_ref, by_cref, by_copy;
    for (auto &it : plan)
        by_ref.emplace_back(it.id());
    for (const auto &it : plan)
        by_cref.emplace_back(it.id());
    for (auto it : plan)
        by_copy.emplace_back(it.id());
    CHECK(by_ref == ids && by_cref == ids && by_copy == ids);
    static_assert(std::is_same_v<decltype(*plan.begin()), const runcover::Item &>);
    static_assert(std::is_same_v<decltype(plan.begin().operator->()), const runcover::Item *>);
    auto second = std::next(plan.begin());
    CHECK(second->id() == "rehydrate" && (*second).category() == plan[1].category());

    CHECK(std::distance(plan.begin(), plan.end()) == 4);
    auto nap = std::find_if(plan.begin(), plan.end(), [](const runcover::Item &i) { return i.category() == "nap"; });
    CHECK(nap != plan.end() && nap - plan.begin() == 2);
    CHECK(nap->duration().has_value() && nap->duration()->min == 20 && nap->duration()->max == 30);
    CHECK(!nap->detail().has_value());
    CHECK(plan.begin()[3].id() == "easy-days");
    CHECK(!plan[3].window().has_value());

    runcover::Item refuel = plan.at(0);
    CHECK(refuel.title() == "Refuel");
    CHECK(refuel.phase() == "immediate");
    auto amt = refuel.amount();
    CHECK(amt && amt->min == 56 && amt->max == 84 && amt->unit == "g");
    CHECK(refuel.detail() == std::string_view("Eat 56\xe2\x80\x93" "84 g of carbohydrate."));
    CHECK(refuel.window() && refuel.window()->min == 0 && refuel.window()->max == 60);
    CHECK(ev.rule_id(refuel.rule_index()) == "refuel-carbs");
    auto src = plan[1].sources();
    CHECK(src.size() == 2 && src[0].id == "t" && src[1].title == "other source");

    bool out_of_range = false;
    try {
        (void)plan.at(4);
    } catch (const std::out_of_range &) {
        out_of_range = true;
    }
    CHECK(out_of_range);

    CHECK(plan.to_json().find("\"format\":1") != std::string::npos);
    CHECK(plan.to_json(RUNCOVER_JSON_EXPLAIN).find("because") != std::string::npos);
    CHECK(plan.to_text().find("Refuel") != std::string::npos);
    CHECK(plan.explain(0).find("duration_min") != std::string::npos);
    CHECK(!plan.why_not("nap").empty());
    CHECK_THROWS(plan.why_not("no-such-rule"), RUNCOVER_E_NOTFOUND);
    CHECK(plan.fact("session.mass_loss_kg") && std::fabs(*plan.fact("session.mass_loss_kg") - 1.1) < 1e-9);
    CHECK(!plan.fact("session.temperature_c").has_value());
    CHECK(plan.suppressed().empty());

    // The plan outlives its inputs.
    { runcover::Athlete gone = std::move(a); }
    CHECK(plan.fact("athlete.mass_kg") == 70.0);

    // Reuse a plan; without text the details read as absent.
    runcover::Athlete b = make_athlete();
    runcover::Plan reused;
    CHECK(reused.empty());
    ev.evaluate_into(reused, b, s, RUNCOVER_EVAL_NO_TEXT);
    CHECK(reused.size() == 4 && !reused[0].detail().has_value());
    ev.evaluate_into(reused, b, s);
    CHECK(reused[0].detail().has_value());

    // Red flag.
    runcover::Session hurt = s.clone();
    hurt.symptom(RUNCOVER_SYMPTOM_SHARP_PAIN);
    runcover::Plan flagged = ev.evaluate(b, hurt);
    CHECK(flagged.red_flag());
    CHECK(!flagged.next_hard_session_after());
    CHECK(std::any_of(flagged.begin(), flagged.end(), [](runcover::Item i) { return i.category() == "medical"; }));
    auto sup = flagged.suppressed();
    CHECK(sup.size() == 1 && sup[0].id == "easy-days" && sup[0].by == "red-flag");

    // Frozen now: loading is misuse.
    CHECK_THROWS(ev.load_string(kProtocol), RUNCOVER_E_MISUSE);
}

static void test_errors()
{
    runcover::Athlete a;
    try {
        a.set("mass_kg", 20);
        CHECK(!"no exception");
    } catch (const runcover::error &e) {
        CHECK(e.code() == RUNCOVER_E_RANGE);
        CHECK(e.message().find("athlete.mass_kg") != std::string::npos);
        CHECK(e.file().empty() && e.line() == 0);
        CHECK(std::string(e.status_str()) == "value out of range");
    }
    CHECK(!a.number("mass_kg"));
    CHECK_THROWS(a.set("phase", "sprint"), RUNCOVER_E_INVALID);
    CHECK_THROWS(a.set("phase", 2), RUNCOVER_E_TYPE);
    CHECK_THROWS(a.set("no_such_fact", 1), RUNCOVER_E_NOTFOUND);
    a.set("phase", "peak");
    CHECK(a.number("phase") == 2.0);

    runcover::Evaluator ev;
    try {
        ev.load_string("format: 1\nprotocol: [oops\n", "broken.yaml");
        CHECK(!"no exception");
    } catch (const runcover::error &e) {
        CHECK(e.code() == RUNCOVER_E_SYNTAX);
        CHECK(e.file() == "broken.yaml");
        CHECK(e.line() >= 2 && e.column() >= 1);
        CHECK(std::string(e.what()).rfind("broken.yaml:", 0) == 0);
        CHECK(!e.errors().empty());
    }
    std::string two = kProtocol;
    two.replace(two.find("category: refuel"), 16, "category: refule");
    two.replace(two.find("phase: mid_term"), 15, "phase: mid_trem");
    try {
        ev.load_string(two, "two.yaml");
        CHECK(!"no exception");
    } catch (const runcover::error &e) {
        CHECK(e.errors().size() >= 2);
        for (const auto &info : e.errors())
            CHECK(info.file == "two.yaml" && info.line > 0);
    }
    CHECK(ev.rule_count() == 1);  // atomic: nothing loaded
    CHECK_THROWS(ev.load_file("/nonexistent.yaml"), RUNCOVER_E_IO);
}

static void test_scenario_and_history()
{
    runcover::Evaluator ev;
    ev.load_string(kProtocol);
    runcover::Scenario sc = runcover::Scenario::load_string(kScenario, "s.yaml");
    CHECK(sc.has_expect());
    CHECK(sc.athlete().number("mass_kg") == 70.0);
    CHECK(sc.athlete().history_size() == 1);
    CHECK(sc.athlete().history(0).kind() == RUNCOVER_KIND_RACE);
    runcover::Plan plan = ev.evaluate(sc.athlete(), sc.session());
    runcover::CheckResult r = sc.check(plan);
    CHECK(r.ok());
    if (!r.ok())
        std::fprintf(stderr, "%s", r.report.c_str());

    runcover::Athlete copy = runcover::Athlete::clone(sc.athlete());
    copy.set("mass_kg", 80);
    CHECK(copy.number("mass_kg") == 80.0 && sc.athlete().number("mass_kg") == 70.0);

    runcover::Session past;
    past.kind(RUNCOVER_KIND_TEMPO).end(1763400000, 60).set("duration_min", 50).set("rpe", 7);
    copy.add_session(past);
    CHECK(copy.history_size() == 2);
    CHECK_THROWS(copy.add_session(past), RUNCOVER_E_INVALID);
    runcover::Session no_end;
    CHECK_THROWS(copy.add_session(no_end), RUNCOVER_E_INVALID);
    copy.clear_history();
    CHECK(copy.history_size() == 0);

    CHECK_THROWS(runcover::Scenario::load_string("athlete:\n  mass_kg: 20\n", "v.yaml"), RUNCOVER_E_RANGE);
    try {
        (void)runcover::Scenario::load_string("athlete: {mass_kg: 70\n", "b.yaml");
        CHECK(!"no exception");
    } catch (const runcover::error &e) {
        CHECK(e.code() == RUNCOVER_E_SYNTAX && e.file() == "b.yaml" && e.line() > 0);
    }
}

static void test_defaults()
{
    runcover::Evaluator ev = runcover::Evaluator::with_defaults();
    CHECK(ev.rule_count() >= 1);
    runcover::Athlete a = make_athlete();
    runcover::Session s = make_session();
    runcover::Plan p = ev.evaluate(a, s);
    CHECK(!p.red_flag());
    for (runcover::Item item : p)
        CHECK(!item.id().empty() && !item.title().empty());

    // Moving handles keeps them valid; a moved-from wrapper holds nothing.
    runcover::Evaluator moved = std::move(ev);
    CHECK(moved.get() != nullptr && ev.get() == nullptr);  // NOLINT(bugprone-use-after-move)
}

int main()
{
    try {
        test_types();
        test_plan();
        test_errors();
        test_scenario_and_history();
        test_defaults();
    } catch (const std::exception &e) {
        std::fprintf(stderr, "unexpected exception: %s\n", e.what());
        return 1;
    }
    if (failures)
        std::fprintf(stderr, "%d check(s) failed\n", failures);
    else
        std::puts("all C++ wrapper checks passed");
    return failures ? 1 : 0;
}
