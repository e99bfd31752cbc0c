/*
 * runcover.hpp — header-only C++17 RAII wrapper for libruncover.
 *
 * SPDX-License-Identifier: MIT
 *
 *  - Every handle has one owner: the classes hold a std::unique_ptr with a
 *    deleter calling the library's _free function; they are move-only.
 *  - Every failing call throws runcover::error (a std::runtime_error) with the
 *    status code, message, file, line and column of runcover_last_error(),
 *    and every error a protocol load collected. The status → exception
 *    conversion happens in one place, detail::check().
 *  - A Plan is a random-access range of lightweight Item views (valid while
 *    the plan is neither destroyed nor evaluated into again).
 *  - Lifetimes follow the C API: a Plan must be destroyed before the
 *    Evaluator that made it; it outlives the athlete and session.
 *  - Threads: an Evaluator may be shared by threads once it has evaluated (it
 *    freezes); athletes, sessions and plans belong to one thread at a time.
 *
 * Link with the library (pkg-config runcover) and compile as C++17.
 */
#ifndef RUNCOVER_RUNCOVER_HPP
#define RUNCOVER_RUNCOVER_HPP

#include <runcover/runcover.h>

#include <cstddef>
#include <cstdint>
#include <iterator>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

namespace runcover {

/** Calls F on a handle; the deleter of every unique_ptr below. */
template <class T, void (*F)(T *)>
struct deleter {
    void operator()(T *p) const noexcept { F(p); }
};

using evaluator_ptr = std::unique_ptr<runcover_evaluator, deleter<runcover_evaluator, runcover_evaluator_free>>;
using athlete_ptr = std::unique_ptr<runcover_athlete, deleter<runcover_athlete, runcover_athlete_free>>;
using session_ptr = std::unique_ptr<runcover_session, deleter<runcover_session, runcover_session_free>>;
using plan_ptr = std::unique_ptr<runcover_plan, deleter<runcover_plan, runcover_plan_free>>;
using scenario_ptr = std::unique_ptr<runcover_scenario, deleter<runcover_scenario, runcover_scenario_free>>;
/** Text the library allocated for the caller. */
using string_ptr = std::unique_ptr<char, deleter<char, runcover_string_free>>;

/** One error the library reported. */
struct ErrorInfo {
    runcover_status code = RUNCOVER_OK;
    std::string message;
    std::string file; /**< "" when none applies */
    unsigned line = 0;   /**< 1-based, 0 when none */
    unsigned column = 0; /**< 1-based, 0 when none */
};

/** A libruncover call failed. what() reads "file:line:col: message" when there is a position. */
class error : public std::runtime_error {
public:
    explicit error(std::vector<ErrorInfo> errors)
        : std::runtime_error(format(errors.front())), errors_(std::move(errors))
    {
    }

    runcover_status code() const noexcept { return errors_.front().code; }
    const std::string &message() const noexcept { return errors_.front().message; }
    const std::string &file() const noexcept { return errors_.front().file; }
    unsigned line() const noexcept { return errors_.front().line; }
    unsigned column() const noexcept { return errors_.front().column; }
    /** Every error the call collected (a protocol load reports all it finds); front() is this one. */
    const std::vector<ErrorInfo> &errors() const noexcept { return errors_; }
    /** runcover_status_str(code()). */
    const char *status_str() const noexcept { return runcover_status_str(code()); }

    static std::string format(const ErrorInfo &e)
    {
        if (e.file.empty())
            return e.message;
        std::string s = e.file;
        if (e.line) {
            s += ':' + std::to_string(e.line);
            if (e.column)
                s += ':' + std::to_string(e.column);
        }
        return s + ": " + e.message;
    }

private:
    std::vector<ErrorInfo> errors_;
};

namespace detail {

inline std::string str(const char *s) { return s ? std::string(s) : std::string(); }

inline ErrorInfo info(const runcover_error &e)
{
    return ErrorInfo{ e.code, str(e.message), str(e.file), e.line, e.column };
}

/** The one place a status becomes an exception. */
inline void check(runcover_status st)
{
    if (st == RUNCOVER_OK)
        return;
    std::vector<ErrorInfo> all;
    for (std::size_t i = 0, n = runcover_last_error_count(); i < n; i++)
        if (const runcover_error *e = runcover_last_error_at(i))
            all.push_back(info(*e));
    if (all.empty() || all.front().code != st)
        all.assign(1, ErrorInfo{ st, runcover_status_str(st), {}, 0, 0 });
    throw error(std::move(all));
}

/** Like check(), but RUNCOVER_E_NOTFOUND means "absent": returns false. */
inline bool check_found(runcover_status st)
{
    if (st == RUNCOVER_E_NOTFOUND)
        return false;
    check(st);
    return true;
}

inline std::string take(char *s)
{
    string_ptr owned(s);
    return owned ? std::string(owned.get()) : std::string();
}

template <class T>
constexpr bool is_text_v = std::is_convertible_v<const T &, std::string_view> && !std::is_same_v<T, bool>;

} // namespace detail

/** The run-time library version ("major.minor.patch"). */
inline const char *version() noexcept { return runcover_version(); }

/** True when the loaded library is at least as new as the headers this program was built with. */
inline bool runtime_version_ok() noexcept
{
    int v = runcover_version_number();
    return v / 10000 == RUNCOVER_VERSION_MAJOR && v >= RUNCOVER_VERSION_NUMBER;
}

class Session;
class Athlete;
class Scenario;

/** A non-owning, read-only reference to a session (owned by a Session, an athlete's history or a Scenario). */
class SessionRef {
public:
    explicit SessionRef(const runcover_session *s) noexcept : s_(s) {}
    SessionRef(const Session &s) noexcept; // NOLINT(google-explicit-constructor): a Session is a session

    const runcover_session *get() const noexcept { return s_; }
    /** A fact by key ("duration_min", "checkin.soreness", "kind" as its index, "end" as unix seconds); nullopt when absent. */
    std::optional<double> number(const std::string &key) const
    {
        double v;
        if (!detail::check_found(runcover_session_get_number(s_, key.c_str(), &v)))
            return std::nullopt;
        return v;
    }
    std::optional<runcover_kind> kind() const
    {
        runcover_kind k;
        if (!detail::check_found(runcover_session_get_kind(s_, &k)))
            return std::nullopt;
        return k;
    }

private:
    const runcover_session *s_;
};

/** A finished session and the check-in after it. */
class Session {
public:
    Session()
    {
        runcover_session *s = nullptr;
        detail::check(runcover_session_new(&s));
        h_.reset(s);
    }
    /** Takes ownership of a session handle. */
    explicit Session(session_ptr h) noexcept : h_(std::move(h)) {}
    Session(Session &&) noexcept = default;
    Session &operator=(Session &&) noexcept = default;
    Session(const Session &) = delete;
    Session &operator=(const Session &) = delete;

    /** A deep copy (explicit: handles are not copied implicitly). */
    Session clone() const { return clone(SessionRef(*this)); }
    static Session clone(SessionRef s)
    {
        runcover_session *c = nullptr;
        detail::check(runcover_session_clone(&c, s.get()));
        return Session(session_ptr(c));
    }

    /**
     * Sets a fact by key: numbers ("duration_min", "checkin.soreness", "ext.NAME"), bools for flags
     * ("checkin.sharp_pain"), text for enums and the end time ("kind" = "long",
     * "end" = "2026-11-22T09:30:00+01:00"). Throws runcover::error naming the fact when refused.
     */
    template <class T>
    Session &set(const std::string &key, const T &value)
    {
        if constexpr (std::is_same_v<T, bool>) {
            detail::check(runcover_session_set_flag(h_.get(), key.c_str(), value));
        } else if constexpr (std::is_arithmetic_v<T>) {
            detail::check(runcover_session_set_number(h_.get(), key.c_str(), static_cast<double>(value)));
        } else {
            static_assert(detail::is_text_v<T>, "a fact value is a number, a bool or text");
            const std::string text{ std::string_view(value) };
            detail::check(runcover_session_set_text(h_.get(), key.c_str(), text.c_str()));
        }
        return *this;
    }
    /** Makes a fact absent again. */
    Session &unset(const std::string &key)
    {
        detail::check(runcover_session_unset(h_.get(), key.c_str()));
        return *this;
    }
    Session &kind(runcover_kind k)
    {
        detail::check(runcover_session_set_kind(h_.get(), k));
        return *this;
    }
    /** session.end from unix seconds and the local UTC offset in minutes. */
    Session &end(std::int64_t unix_seconds, int utc_offset_min)
    {
        detail::check(runcover_session_set_end(h_.get(), unix_seconds, utc_offset_min));
        return *this;
    }
    Session &symptom(runcover_symptom sym, bool present = true)
    {
        detail::check(runcover_session_set_symptom(h_.get(), sym, present));
        return *this;
    }

    std::optional<double> number(const std::string &key) const { return SessionRef(*this).number(key); }
    std::optional<runcover_kind> kind() const { return SessionRef(*this).kind(); }

    runcover_session *get() noexcept { return h_.get(); }
    const runcover_session *get() const noexcept { return h_.get(); }

private:
    session_ptr h_;
};

inline SessionRef::SessionRef(const Session &s) noexcept : s_(s.get()) {}

/** A non-owning, read-only reference to an athlete (owned by an Athlete or a Scenario). */
class AthleteRef {
public:
    explicit AthleteRef(const runcover_athlete *a) noexcept : a_(a) {}
    AthleteRef(const Athlete &a) noexcept; // NOLINT(google-explicit-constructor)

    const runcover_athlete *get() const noexcept { return a_; }
    /** A number, enum (index) or flag fact, or a load-model parameter, by key; nullopt when absent. */
    std::optional<double> number(const std::string &key) const
    {
        double v;
        if (!detail::check_found(runcover_athlete_get_number(a_, key.c_str(), &v)))
            return std::nullopt;
        return v;
    }
    std::size_t history_size() const noexcept { return runcover_athlete_history_count(a_); }
    /** History session i, oldest first; valid until the athlete changes. */
    SessionRef history(std::size_t i) const
    {
        const runcover_session *s = runcover_athlete_history_session(a_, i);
        if (!s)
            throw std::out_of_range("runcover: history index out of range");
        return SessionRef(s);
    }

private:
    const runcover_athlete *a_;
};

/** An athlete: body, preferences, training history and load model. */
class Athlete {
public:
    Athlete()
    {
        runcover_athlete *a = nullptr;
        detail::check(runcover_athlete_new(&a));
        h_.reset(a);
    }
    explicit Athlete(athlete_ptr h) noexcept : h_(std::move(h)) {}
    Athlete(Athlete &&) noexcept = default;
    Athlete &operator=(Athlete &&) noexcept = default;
    Athlete(const Athlete &) = delete;
    Athlete &operator=(const Athlete &) = delete;

    Athlete clone() const { return clone(AthleteRef(*this)); }
    static Athlete clone(AthleteRef a)
    {
        runcover_athlete *c = nullptr;
        detail::check(runcover_athlete_clone(&c, a.get()));
        return Athlete(athlete_ptr(c));
    }

    /**
     * Sets a fact by key: numbers ("mass_kg", "ext.NAME", "load_model.NAME"), bools for flags,
     * text for enums and sets ("phase" = "build", "preferences" = "vegan, no_caffeine").
     */
    template <class T>
    Athlete &set(const std::string &key, const T &value)
    {
        if constexpr (std::is_same_v<T, bool>) {
            detail::check(runcover_athlete_set_flag(h_.get(), key.c_str(), value));
        } else if constexpr (std::is_arithmetic_v<T>) {
            detail::check(runcover_athlete_set_number(h_.get(), key.c_str(), static_cast<double>(value)));
        } else {
            static_assert(detail::is_text_v<T>, "a fact value is a number, a bool or text");
            const std::string text{ std::string_view(value) };
            detail::check(runcover_athlete_set_text(h_.get(), key.c_str(), text.c_str()));
        }
        return *this;
    }
    Athlete &unset(const std::string &key)
    {
        detail::check(runcover_athlete_unset(h_.get(), key.c_str()));
        return *this;
    }
    Athlete &sex(runcover_sex v)
    {
        detail::check(runcover_athlete_set_sex(h_.get(), v));
        return *this;
    }
    Athlete &phase(runcover_phase v)
    {
        detail::check(runcover_athlete_set_phase(h_.get(), v));
        return *this;
    }
    Athlete &units(runcover_units v)
    {
        detail::check(runcover_athlete_set_units(h_.get(), v));
        return *this;
    }
    /** RUNCOVER_PREF_* bits. */
    Athlete &preferences(unsigned bits)
    {
        detail::check(runcover_athlete_set_preferences(h_.get(), bits));
        return *this;
    }

    /** Adds a finished session (copied; it needs session.end) to the history. */
    Athlete &add_session(SessionRef s)
    {
        detail::check(runcover_athlete_add_session(h_.get(), s.get()));
        return *this;
    }
    Athlete &clear_history()
    {
        detail::check(runcover_athlete_clear_history(h_.get()));
        return *this;
    }
    std::size_t history_size() const noexcept { return AthleteRef(*this).history_size(); }
    SessionRef history(std::size_t i) const { return AthleteRef(*this).history(i); }
    std::optional<double> number(const std::string &key) const { return AthleteRef(*this).number(key); }

    runcover_athlete *get() noexcept { return h_.get(); }
    const runcover_athlete *get() const noexcept { return h_.get(); }

private:
    athlete_ptr h_;
};

inline AthleteRef::AthleteRef(const Athlete &a) noexcept : a_(a.get()) {}

/** A [min, max] range in minutes. */
struct Range {
    double min;
    double max;
};

/** A computed amount, metric, in the protocol's unit. */
struct Amount {
    double min;
    double max;
    std::string_view unit;
};

/** A source a rule cites. */
struct Source {
    std::string_view id;
    std::string_view title;
};

/** A lightweight view of one plan item; valid while its plan is neither destroyed nor re-evaluated. */
class Item {
public:
    explicit Item(const runcover_item *it) noexcept : it_(it) {}

    std::string_view id() const noexcept { return runcover_item_id(it_); }
    std::string_view category() const noexcept { return runcover_item_category(it_); }
    std::string_view phase() const noexcept { return runcover_item_phase(it_); }
    std::string_view title() const noexcept { return runcover_item_title(it_); }
    /** The rendered detail, or nullopt (none, or evaluated with RUNCOVER_EVAL_NO_TEXT). */
    std::optional<std::string_view> detail() const noexcept
    {
        const char *d = runcover_item_detail(it_);
        return d ? std::optional<std::string_view>(d) : std::nullopt;
    }
    /** Minutes from the session end. */
    std::optional<Range> window() const noexcept
    {
        Range r{};
        return runcover_item_window(it_, &r.min, &r.max) ? std::optional<Range>(r) : std::nullopt;
    }
    /** Minutes. */
    std::optional<Range> duration() const noexcept
    {
        Range r{};
        return runcover_item_duration(it_, &r.min, &r.max) ? std::optional<Range>(r) : std::nullopt;
    }
    std::optional<Amount> amount() const noexcept
    {
        double lo = 0, hi = 0;
        const char *unit = nullptr;
        if (!runcover_item_amount(it_, &lo, &hi, &unit))
            return std::nullopt;
        return Amount{ lo, hi, unit ? std::string_view(unit) : std::string_view() };
    }
    /** The index of the item's rule in its evaluator (Evaluator::rule_id()). */
    std::size_t rule_index() const noexcept { return runcover_item_rule_index(it_); }
    std::vector<Source> sources() const
    {
        std::vector<Source> out;
        for (std::size_t i = 0, n = runcover_item_source_count(it_); i < n; i++) {
            const char *id = nullptr, *title = nullptr;
            detail::check(runcover_item_source(it_, i, &id, &title));
            out.push_back(Source{ id ? id : "", title ? title : "" });
        }
        return out;
    }
    const runcover_item *get() const noexcept { return it_; }

private:
    const runcover_item *it_;
};

/** A rule that held but is not in the plan, and what removed it. */
struct Suppressed {
    std::string id;
    std::string by; /**< a rule id, "group:NAME (rule-id)" or "red-flag" */
};

/** The verdict of Scenario::check(). */
struct CheckResult {
    std::size_t failures = 0;
    std::string report; /**< one line per failed expectation */
    bool ok() const noexcept { return failures == 0; }
};

/** A recovery plan: a random-access range of Item views plus the plan's verdicts. */
class Plan {
public:
    /**
     * Random-access iterator over Item views. The plan stores no Item objects, so the iterator holds the current
     * one and operator* returns a reference to it: `for (auto &it : plan)`, `for (const auto &it : plan)` and
     * `for (auto it : plan)` all work. That reference lives as long as the iterator (a "stashing" iterator): copy
     * the Item to keep it longer, and do not wrap the iterator in std::reverse_iterator. operator[] returns a copy.
     */
    class iterator {
    public:
        using iterator_category = std::random_access_iterator_tag;
        using value_type = Item;
        using difference_type = std::ptrdiff_t;
        using reference = const Item &;
        using pointer = const Item *;

        iterator() noexcept = default;
        iterator(const runcover_plan *p, std::size_t i) noexcept : p_(p), i_(i) {}

        // cur_ is only a cache of (p_, i_), refreshed on every dereference.
        reference operator*() const noexcept
        {
            cur_ = Item(runcover_plan_item(p_, i_));
            return cur_;
        }
        pointer operator->() const noexcept { return &**this; }
        Item operator[](difference_type n) const noexcept { return *(*this + n); }

        iterator &operator++() noexcept { ++i_; return *this; }
        iterator operator++(int) noexcept { iterator t = *this; ++i_; return t; }
        iterator &operator--() noexcept { --i_; return *this; }
        iterator operator--(int) noexcept { iterator t = *this; --i_; return t; }
        iterator &operator+=(difference_type n) noexcept { i_ = static_cast<std::size_t>(static_cast<difference_type>(i_) + n); return *this; }
        iterator &operator-=(difference_type n) noexcept { return *this += -n; }
        friend iterator operator+(iterator it, difference_type n) noexcept { return it += n; }
        friend iterator operator+(difference_type n, iterator it) noexcept { return it += n; }
        friend iterator operator-(iterator it, difference_type n) noexcept { return it -= n; }
        friend difference_type operator-(const iterator &a, const iterator &b) noexcept
        {
            return static_cast<difference_type>(a.i_) - static_cast<difference_type>(b.i_);
        }
        friend bool operator==(const iterator &a, const iterator &b) noexcept { return a.p_ == b.p_ && a.i_ == b.i_; }
        friend bool operator!=(const iterator &a, const iterator &b) noexcept { return !(a == b); }
        friend bool operator<(const iterator &a, const iterator &b) noexcept { return a.i_ < b.i_; }
        friend bool operator>(const iterator &a, const iterator &b) noexcept { return b < a; }
        friend bool operator<=(const iterator &a, const iterator &b) noexcept { return !(b < a); }
        friend bool operator>=(const iterator &a, const iterator &b) noexcept { return !(a < b); }

    private:
        const runcover_plan *p_ = nullptr;
        std::size_t i_ = 0;
        mutable Item cur_{ nullptr };
    };
    using const_iterator = iterator;
    using value_type = Item;
    using size_type = std::size_t;

    /** An empty plan for Evaluator::evaluate_into(). */
    Plan()
    {
        runcover_plan *p = nullptr;
        detail::check(runcover_plan_new(&p));
        h_.reset(p);
    }
    explicit Plan(plan_ptr h) noexcept : h_(std::move(h)) {}
    Plan(Plan &&) noexcept = default;
    Plan &operator=(Plan &&) noexcept = default;
    Plan(const Plan &) = delete;
    Plan &operator=(const Plan &) = delete;

    std::size_t size() const noexcept { return runcover_plan_count(h_.get()); }
    bool empty() const noexcept { return size() == 0; }
    iterator begin() const noexcept { return iterator(h_.get(), 0); }
    iterator end() const noexcept { return iterator(h_.get(), size()); }
    Item operator[](std::size_t i) const noexcept { return Item(runcover_plan_item(h_.get(), i)); }
    Item at(std::size_t i) const
    {
        const runcover_item *it = runcover_plan_item(h_.get(), i);
        if (!it)
            throw std::out_of_range("runcover: plan item index out of range");
        return Item(it);
    }

    /** True when the plan says: see a professional first. */
    bool red_flag() const noexcept { return runcover_plan_red_flag(h_.get()); }
    /** The estimated recovery time in hours, if a rule set one. */
    std::optional<double> recovery_hours() const noexcept
    {
        double h = 0;
        return runcover_plan_recovery_hours(h_.get(), &h) ? std::optional<double>(h) : std::nullopt;
    }
    /** RFC 3339 time the next hard session is safe, in the session end's UTC offset. */
    std::optional<std::string> next_hard_session_after() const
    {
        const char *s = runcover_plan_next_hard_session_after(h_.get());
        return s ? std::optional<std::string>(s) : std::nullopt;
    }
    std::vector<Suppressed> suppressed() const
    {
        std::vector<Suppressed> out;
        for (std::size_t i = 0, n = runcover_plan_suppressed_count(h_.get()); i < n; i++) {
            const char *id = nullptr, *by = nullptr;
            detail::check(runcover_plan_suppressed(h_.get(), i, &id, &by));
            out.push_back(Suppressed{ detail::str(id), detail::str(by) });
        }
        return out;
    }
    /** A fact value the plan used ("load.acwr"); nullopt when absent or unknown. */
    std::optional<double> fact(const std::string &path) const
    {
        double v;
        if (!detail::check_found(runcover_plan_fact(h_.get(), path.c_str(), &v)))
            return std::nullopt;
        return v;
    }

    /** JSON (format 1); flags RUNCOVER_JSON_EXPLAIN, RUNCOVER_JSON_PRETTY. */
    std::string to_json(unsigned flags = 0) const
    {
        char *s = nullptr;
        detail::check(runcover_plan_to_json(&s, h_.get(), flags));
        return detail::take(s);
    }
    /** Text for people; RUNCOVER_JSON_EXPLAIN adds the reasons. */
    std::string to_text(unsigned flags = 0) const
    {
        char *s = nullptr;
        detail::check(runcover_plan_to_text(&s, h_.get(), flags));
        return detail::take(s);
    }
    /** Why item i is in the plan. */
    std::string explain(std::size_t i) const
    {
        char *s = nullptr;
        detail::check(runcover_plan_explain(&s, h_.get(), i));
        return detail::take(s);
    }
    /** Why a rule is (or is not) in the plan. */
    std::string why_not(const std::string &rule_id) const
    {
        char *s = nullptr;
        detail::check(runcover_plan_why_not(&s, h_.get(), rule_id.c_str()));
        return detail::take(s);
    }

    runcover_plan *get() noexcept { return h_.get(); }
    const runcover_plan *get() const noexcept { return h_.get(); }

private:
    plan_ptr h_;
};

/** A loaded protocol. */
struct ProtocolInfo {
    std::string name;
    std::int64_t version = 0;
    std::string sha256;
};

/** A compiled protocol set. Freezes at its first evaluation; then shareable by threads. */
class Evaluator {
public:
    /** Only the built-in red-flag floor. */
    Evaluator()
    {
        runcover_evaluator *e = nullptr;
        detail::check(runcover_evaluator_new(&e));
        h_.reset(e);
    }
    explicit Evaluator(evaluator_ptr h) noexcept : h_(std::move(h)) {}
    Evaluator(Evaluator &&) noexcept = default;
    Evaluator &operator=(Evaluator &&) noexcept = default;
    Evaluator(const Evaluator &) = delete;
    Evaluator &operator=(const Evaluator &) = delete;

    /** The default protocol set embedded in the library. */
    static Evaluator with_defaults()
    {
        runcover_evaluator *e = nullptr;
        detail::check(runcover_evaluator_new_default(&e));
        return Evaluator(evaluator_ptr(e));
    }

    Evaluator &load_file(const std::string &path)
    {
        detail::check(runcover_evaluator_load_file(h_.get(), path.c_str()));
        return *this;
    }
    Evaluator &load_dir(const std::string &dir)
    {
        detail::check(runcover_evaluator_load_dir(h_.get(), dir.c_str()));
        return *this;
    }
    Evaluator &load_string(std::string_view yaml, const std::string &name = "<string>")
    {
        detail::check(runcover_evaluator_load_string(h_.get(), name.c_str(), yaml.data(), yaml.size()));
        return *this;
    }

    /** Evaluates; the plan outlives the athlete and session, not this evaluator. */
    Plan evaluate(AthleteRef a, SessionRef s)
    {
        runcover_plan *p = nullptr;
        detail::check(runcover_evaluate(&p, h_.get(), a.get(), s.get()));
        return Plan(plan_ptr(p));
    }
    /** Evaluates into an existing plan, reusing its memory; flags 0 or RUNCOVER_EVAL_NO_TEXT. */
    void evaluate_into(Plan &plan, AthleteRef a, SessionRef s, unsigned flags = 0)
    {
        detail::check(runcover_evaluate_into(plan.get(), h_.get(), a.get(), s.get(), flags));
    }

    std::size_t rule_count() const noexcept { return runcover_evaluator_rule_count(h_.get()); }
    std::string_view rule_id(std::size_t i) const
    {
        const char *id = runcover_evaluator_rule_id(h_.get(), i);
        if (!id)
            throw std::out_of_range("runcover: rule index out of range");
        return id;
    }
    /** A rule's index, or nullopt when there is none. */
    std::optional<std::size_t> find_rule(const std::string &id) const
    {
        std::size_t i = 0;
        if (!detail::check_found(runcover_evaluator_find_rule(h_.get(), id.c_str(), &i)))
            return std::nullopt;
        return i;
    }
    std::vector<ProtocolInfo> protocols() const
    {
        std::vector<ProtocolInfo> out;
        for (std::size_t i = 0, n = runcover_evaluator_protocol_count(h_.get()); i < n; i++) {
            const char *name = nullptr, *sha = nullptr;
            std::int64_t version = 0;
            detail::check(runcover_evaluator_protocol(h_.get(), i, &name, &version, &sha));
            out.push_back(ProtocolInfo{ detail::str(name), version, detail::str(sha) });
        }
        return out;
    }

    runcover_evaluator *get() noexcept { return h_.get(); }
    const runcover_evaluator *get() const noexcept { return h_.get(); }

private:
    evaluator_ptr h_;
};

/** A scenario file: an athlete, a session and optional expectations. */
class Scenario {
public:
    explicit Scenario(scenario_ptr h) noexcept : h_(std::move(h)) {}
    Scenario(Scenario &&) noexcept = default;
    Scenario &operator=(Scenario &&) noexcept = default;
    Scenario(const Scenario &) = delete;
    Scenario &operator=(const Scenario &) = delete;

    static Scenario load_file(const std::string &path)
    {
        runcover_scenario *sc = nullptr;
        detail::check(runcover_scenario_load_file(&sc, path.c_str()));
        return Scenario(scenario_ptr(sc));
    }
    static Scenario load_string(std::string_view yaml, const std::string &name = "<string>")
    {
        runcover_scenario *sc = nullptr;
        detail::check(runcover_scenario_load_string(&sc, name.c_str(), yaml.data(), yaml.size()));
        return Scenario(scenario_ptr(sc));
    }

    /** Read-only; Athlete::clone(scenario.athlete()) for a copy to change. */
    AthleteRef athlete() const noexcept { return AthleteRef(runcover_scenario_athlete(h_.get())); }
    SessionRef session() const noexcept { return SessionRef(runcover_scenario_session(h_.get())); }
    bool has_expect() const noexcept { return runcover_scenario_has_expect(h_.get()); }
    CheckResult check(const Plan &plan) const
    {
        char *report = nullptr;
        std::size_t failures = 0;
        detail::check(runcover_scenario_check(&report, &failures, h_.get(), plan.get()));
        return CheckResult{ failures, detail::take(report) };
    }

    const runcover_scenario *get() const noexcept { return h_.get(); }

private:
    scenario_ptr h_;
};

} // namespace runcover

#endif /* RUNCOVER_RUNCOVER_HPP */
