/*
 * test_expr.c — the expression language at load: lexer, parser and type
 * checker. Every refused expression is asserted with its status code, the
 * exact line and column of the problem and the words of the message; every
 * accepted form is checked by what it evaluates to.
 */
#include <check.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <runcover/runcover.h>

/* The expression goes into a single-quoted YAML scalar at line 10, column
 * 11 (the quote), so character i of the expression is at column 12 + i. */
#define EXPR_LINE 11u
#define EXPR_COL0 12u

static runcover_status load_when(const char *expr, runcover_evaluator **keep)
{
    char yaml[16384];
    char q[8192];
    size_t o = 0;
    for (const char *c = expr; *c && o + 2 < sizeof q; c++) {
        if (*c == '\'')
            q[o++] = '\'';
        q[o++] = *c;
    }
    q[o] = '\0';
    snprintf(yaml, sizeof yaml,
             "format: 1\n"
             "protocol: t\n"
             "version: 1\n"
             "sources: { s: \"t\" }\n"
             "derive:\n"
             "  hot: session.temperature_c >= 25\n"
             "  heavy: athlete.mass_kg * 1.5\n"
             "  h: session.rpe * 2\n"
             "rules:\n"
             "  - id: r\n"
             "    when: '%s'\n"
             "    category: rest\n"
             "    phase: mid_term\n"
             "    title: T\n"
             "  - id: other\n"
             "    when: 'true'\n"
             "    category: sleep\n"
             "    phase: long_term\n"
             "    title: O\n",
             q);
    runcover_evaluator *ev;
    ck_assert_int_eq(runcover_evaluator_new(&ev), RUNCOVER_OK);
    runcover_status st = runcover_evaluator_load_string(ev, "e.yaml", yaml, strlen(yaml));
    if (keep && st == RUNCOVER_OK)
        *keep = ev;
    else
        runcover_evaluator_free(ev);
    return st;
}

typedef struct bad {
    const char *expr;
    runcover_status code;
    int at;          /* 0-based index in expr of the reported position */
    const char *msg; /* substring of the message */
} bad;

static const bad bads[] = {
    /* lexer */
    { "session.rpe >= 7 && session.rpe < 9", RUNCOVER_E_SYNTAX, 17, "use 'and' / 'or'" },
    { "session.rpe >= 7 || true", RUNCOVER_E_SYNTAX, 17, "use 'and' / 'or'" },
    { "session.rpe = 7", RUNCOVER_E_SYNTAX, 12, "use '==' to compare" },
    { "session.rpe >= 7 $", RUNCOVER_E_SYNTAX, 17, "unexpected character '$'" },
    { "session.kind == \"race", RUNCOVER_E_SYNTAX, 16, "unterminated string" },
    /* an unterminated string where the parser wants a list item, a ')' or
     * the end: the lexer's error, and nothing read past the expression */
    { "athlete.phase in [\"build\", \"peak]", RUNCOVER_E_SYNTAX, 27, "unterminated string" },
    { "athlete.phase in [\"build\" \"peak]", RUNCOVER_E_SYNTAX, 26, "unterminated string" },
    { "(session.rpe >= 7 \"x", RUNCOVER_E_SYNTAX, 18, "unterminated string" },
    { "session.rpe >= 7 \"x", RUNCOVER_E_SYNTAX, 17, "unterminated string" },
    { "session.rpe >= 1e", RUNCOVER_E_SYNTAX, 15, "malformed number" },
    { "session.rpe > 1e400", RUNCOVER_E_SYNTAX, 14, "number 1e400 is too large (not a finite number)" },
    { "session.rpe > -99e99999", RUNCOVER_E_SYNTAX, 15, "number 99e99999 is too large" },
    /* parser */
    { "session.rpe >=", RUNCOVER_E_SYNTAX, 14, "expected a value" },
    { "(session.rpe >= 7", RUNCOVER_E_SYNTAX, 17, "expected ')'" },
    { "session.rpe >= 7)", RUNCOVER_E_SYNTAX, 16, "" },
    { "1 < session.rpe < 3", RUNCOVER_E_SYNTAX, 16, "do not chain" },
    { "session.", RUNCOVER_E_SYNTAX, 8, "expected a name after '.'" },
    { "session.kind in [\"race\" \"ultra\"]", RUNCOVER_E_SYNTAX, 24, "expected ',' or ']'" },
    { "session.kind in [session.rpe]", RUNCOVER_E_SYNTAX, 17, "lists hold string or number literals" },
    { "session.kind in [race, \"ultra\"]", RUNCOVER_E_SYNTAX, 17, "(quote a name: 'race')" },
    { "max(session.rpe 3) > 2", RUNCOVER_E_SYNTAX, 16, "expected ',' or ')' in call of max()" },
    /* names */
    { "session.rpee >= 7", RUNCOVER_E_NOTFOUND, 0, "unknown fact 'session.rpee'" },
    { "athlete.weight > 70", RUNCOVER_E_NOTFOUND, 0, "unknown fact 'athlete.weight'" },
    { "ext.hrv_drop > 10", RUNCOVER_E_NOTFOUND, 0, "declare it under facts:" },
    { "derive.cold", RUNCOVER_E_NOTFOUND, 0, "unknown derived fact 'derive.cold'" },
    { "sqrt(session.rpe) > 2", RUNCOVER_E_NOTFOUND, 0, "unknown function 'sqrt'" },
    { "session.kind == race", RUNCOVER_E_NOTFOUND, 16, "unknown fact 'race' (to compare session.kind with a value, quote it: 'race')" },
    { "session.rpe >= 7 and session.kind != ultra", RUNCOVER_E_NOTFOUND, 37, "quote it: 'ultra'" },
    { "race == session.kind", RUNCOVER_E_NOTFOUND, 0, "unknown fact 'race'" },
    { "fired(\"nope\")", RUNCOVER_E_NOTFOUND, 0, "unknown rule" },
    /* types */
    { "session.rpe", RUNCOVER_E_TYPE, 0, "condition" },
    { "session.rpe and true", RUNCOVER_E_TYPE, 0, "session.rpe" },
    { "not session.duration_min", RUNCOVER_E_TYPE, 4, "session.duration_min" },
    { "session.checkin.sharp_pain + 1 > 0", RUNCOVER_E_TYPE, 0, "number" },
    { "session.kind == \"rase\"", RUNCOVER_E_TYPE, 16, "'rase' is not a value of session.kind" },
    { "session.kind in [\"race\", \"utlra\"]", RUNCOVER_E_TYPE, 25, "'utlra' is not a value" },
    { "session.kind > 3", RUNCOVER_E_TYPE, 13, "" },
    { "session.rpe == \"high\"", RUNCOVER_E_TYPE, 12, "cannot compare" },
    { "session.rpe in [\"a\", \"b\"]", RUNCOVER_E_TYPE, 16, "a number is compared with numbers, not names" },
    { "session.kind in [1, 2]", RUNCOVER_E_TYPE, 17, "compared with names, not numbers" },
    { "\"vegan\" in athlete.preferences and \"meat\" in athlete.preferences", RUNCOVER_E_TYPE, 35,
      "'meat' is not a value" },
    { "clamp(session.rpe, 1) > 2", RUNCOVER_E_TYPE, 0, "clamp() takes 3 arguments, not 2" },
    { "min(session.rpe) > 2", RUNCOVER_E_TYPE, 0, "min() takes 2 to 8 arguments, not 1" },
    { "round(1, 2) > 2", RUNCOVER_E_TYPE, 0, "round() takes 1 argument, not 2" },
    { "has(3)", RUNCOVER_E_TYPE, 4, "has() takes a fact" },
    { "fired(session.rpe)", RUNCOVER_E_TYPE, 6, "fired() takes a rule id string" },
    { "1 / 0 > 1", RUNCOVER_E_TYPE, 0, "no finite value" },
    { "derive.heavy", RUNCOVER_E_TYPE, 0, "condition" },
    { "derive.hot > 1", RUNCOVER_E_TYPE, 11, "cannot compare a condition with a number" },
    { "session.rpe>=7and true", RUNCOVER_E_SYNTAX, 13, "malformed number" },
};

START_TEST(test_refused)
{
    const bad *b = &bads[_i];
    runcover_status st = load_when(b->expr, NULL);
    const runcover_error *e = runcover_last_error();
    ck_assert_msg(st == b->code, "'%s': status %s, expected %s (%s)", b->expr, runcover_status_str(st),
                  runcover_status_str(b->code), e->message);
    ck_assert_str_eq(e->file, "e.yaml");
    ck_assert_msg(e->line == EXPR_LINE && e->column == EXPR_COL0 + (unsigned)b->at,
                  "'%s': at %u:%u, expected %u:%u (%s)", b->expr, e->line, e->column, EXPR_LINE,
                  EXPR_COL0 + (unsigned)b->at, e->message);
    ck_assert_msg(strstr(e->message, b->msg) != NULL, "'%s': message \"%s\" lacks \"%s\"", b->expr, e->message,
                  b->msg);
}
END_TEST

START_TEST(test_accepted_forms)
{
    static const char *const good[] = {
        "session.rpe >= 7 and not session.checkin.sharp_pain",
        "session.kind in ['race', 'ultra'] or session.kind == \"long\"",
        "'vegan' in athlete.preferences",
        "has(session.temperature_c) and derive.hot",
        "derive.hot == false",
        "derive.heavy > 100",
        "-session.rpe < -3",
        "min(session.rpe, 5, 6) * 2 + max(1, 2) / 4 >= clamp(round(abs(-3.6)), 1, 10)",
        "session.duration_min in [30, 60, 90]",
        "1e3 > session.duration_min and .5 < session.rpe",
        "fired(\"other\")",
        "not not true",
        "(((((session.rpe >= 1)))))",
        "derive.h > 1", /* a one-character name */
    };
    (void)good;
    runcover_evaluator *ev = NULL;
    runcover_status st = load_when(good[_i], &ev);
    ck_assert_msg(st == RUNCOVER_OK, "'%s' refused: %s at %u:%u", good[_i], runcover_last_error()->message,
                  runcover_last_error()->line, runcover_last_error()->column);
    runcover_evaluator_free(ev);
}
END_TEST

/* What accepted expressions evaluate to, three-valued. */
static int fires(const char *expr, double rpe, double temp, const char *kind)
{
    runcover_evaluator *ev = NULL;
    ck_assert_msg(load_when(expr, &ev) == RUNCOVER_OK, "%s: %s", expr, runcover_last_error()->message);
    runcover_athlete *a;
    runcover_session *s;
    ck_assert_int_eq(runcover_athlete_new(&a), RUNCOVER_OK);
    ck_assert_int_eq(runcover_session_new(&s), RUNCOVER_OK);
    if (!isnan(rpe))
        ck_assert_int_eq(runcover_session_set_rpe(s, rpe), RUNCOVER_OK);
    if (!isnan(temp))
        ck_assert_int_eq(runcover_session_set_temperature_c(s, temp), RUNCOVER_OK);
    if (kind)
        ck_assert_int_eq(runcover_session_set_text(s, "kind", kind), RUNCOVER_OK);
    runcover_plan *p;
    ck_assert_int_eq(runcover_evaluate(&p, ev, a, s), RUNCOVER_OK);
    int in = 0;
    for (size_t i = 0; i < runcover_plan_count(p); i++)
        if (strcmp(runcover_item_id(runcover_plan_item(p, i)), "r") == 0)
            in = 1;
    runcover_plan_free(p);
    runcover_athlete_free(a);
    runcover_session_free(s);
    runcover_evaluator_free(ev);
    return in;
}

START_TEST(test_values)
{
    ck_assert_int_eq(fires("2 + 3 * 4 == 14", NAN, NAN, NULL), 1);           /* precedence */
    ck_assert_int_eq(fires("(2 + 3) * 4 == 20", NAN, NAN, NULL), 1);
    ck_assert_int_eq(fires("10 - 4 - 3 == 3", NAN, NAN, NULL), 1);           /* left associative */
    ck_assert_int_eq(fires("12 / 3 / 2 == 2", NAN, NAN, NULL), 1);
    ck_assert_int_eq(fires("round(2.5) == 3 and round(-2.5) == -3", NAN, NAN, NULL), 1);
    ck_assert_int_eq(fires("clamp(15, 1, 10) == 10", NAN, NAN, NULL), 1);
    ck_assert_int_eq(fires("session.rpe >= 7", 7, NAN, NULL), 1);
    ck_assert_int_eq(fires("session.rpe >= 7", 6.5, NAN, NULL), 0);
    ck_assert_int_eq(fires("session.rpe >= 7", NAN, NAN, NULL), 0);           /* unknown */
    ck_assert_int_eq(fires("not session.rpe >= 7", NAN, NAN, NULL), 0);       /* not unknown */
    ck_assert_int_eq(fires("session.rpe >= 7 or true", NAN, NAN, NULL), 1);   /* unknown or true */
    ck_assert_int_eq(fires("not (session.rpe >= 7 and false)", NAN, NAN, NULL), 1);
    ck_assert_int_eq(fires("not has(session.rpe)", NAN, NAN, NULL), 1);
    ck_assert_int_eq(fires("session.rpe / (session.rpe - 5) > 0", 5, NAN, NULL), 0); /* division by zero */
    ck_assert_int_eq(fires("derive.hot", NAN, 25, NULL), 1);
    ck_assert_int_eq(fires("derive.hot == false", NAN, 24.9, NULL), 1);
    ck_assert_int_eq(fires("session.kind in ['race', 'ultra']", NAN, NAN, "ultra"), 1);
    ck_assert_int_eq(fires("session.kind != 'race'", NAN, NAN, "ultra"), 1);
    ck_assert_int_eq(fires("session.kind != 'race'", NAN, NAN, NULL), 0);
    /* an overflow is unknown, never infinity */
    ck_assert_int_eq(fires("session.rpe * 1e300 * 1e300 > 0", 1, NAN, NULL), 0);
    ck_assert_int_eq(fires("session.rpe * 1e300 * 1e300 > 0 or true", 1, NAN, NULL), 1);
    ck_assert_int_eq(fires("not (session.rpe * 1e300 * 1e300 > 0)", 1, NAN, NULL), 0);
}
END_TEST

START_TEST(test_limits)
{
    /* nesting (each parenthesis one level): 48 accepted, 49 refused with LIMIT */
    char e[512];
    int depth = 48;
    size_t o = 0;
    for (int i = 0; i < depth; i++)
        e[o++] = '(';
    memcpy(e + o, "true", 4);
    o += 4;
    for (int i = 0; i < depth; i++)
        e[o++] = ')';
    e[o] = '\0';
    runcover_evaluator *ev = NULL;
    ck_assert_msg(load_when(e, &ev) == RUNCOVER_OK, "%d levels: %s", depth, runcover_last_error()->message);
    runcover_evaluator_free(ev);
    o = 0;
    for (int i = 0; i < 49; i++)
        e[o++] = '(';
    memcpy(e + o, "true", 4);
    o += 4;
    for (int i = 0; i < 49; i++)
        e[o++] = ')';
    e[o] = '\0';
    ck_assert_int_eq(load_when(e, NULL), RUNCOVER_E_LIMIT);
    ck_assert_ptr_nonnull(strstr(runcover_last_error()->message, "nested deeper than"));
    ck_assert_uint_eq(runcover_last_error()->line, EXPR_LINE);

    /* length: 4096 bytes accepted, 4097 refused ("true or      true") */
    char *big = malloc(5000);
    ck_assert_ptr_nonnull(big);
    for (size_t total = 4096; total <= 4097; total++) {
        strcpy(big, "true or");
        o = strlen(big);
        while (o < total - strlen("true"))
            big[o++] = ' ';
        strcpy(big + o, "true");
        ck_assert_uint_eq(strlen(big), total);
        if (total == 4096) {
            ck_assert_msg(load_when(big, &ev) == RUNCOVER_OK, "4096 bytes: %s", runcover_last_error()->message);
            runcover_evaluator_free(ev);
        } else {
            ck_assert_int_eq(load_when(big, NULL), RUNCOVER_E_LIMIT);
            ck_assert_ptr_nonnull(strstr(runcover_last_error()->message, "4096"));
            ck_assert_uint_eq(runcover_last_error()->line, EXPR_LINE);
        }
    }
    free(big);
}
END_TEST

/* Positions inside scalars that are not a copy of one source line: block
 * scalars, plain and quoted scalars continued over several lines, quoted
 * scalars with escapes. The rule's fields (when, detail, ...) are written
 * as given from line 8 on; the error must be at the line and column where
 * the offending character is written, also with CR LF line ends and a BOM. */
typedef struct placed {
    const char *name;
    const char *fields; /* YAML lines of the rule after its id */
    runcover_status code;
    unsigned line, col;
    const char *msg;
} placed;

static const placed placeds[] = {
    { "plain continued", "    when: session.rpe >= 7\n      and session.rpee >= 8\n", RUNCOVER_E_NOTFOUND, 9, 11,
      "unknown fact 'session.rpee'" },
    { "plain with a blank line", "    when: session.rpe >= 7\n\n        or\n         session.rpee >= 8\n",
      RUNCOVER_E_NOTFOUND, 11, 10, "unknown fact 'session.rpee'" },
    { "plain, trailing blanks", "    when: session.rpe >= 7   \n      and session.rpe >= 8 $\n", RUNCOVER_E_SYNTAX, 9, 28,
      "unexpected character '$'" },
    { "single-quoted ''", "    when: 'session.kind == ''race'' and session.rpee >= 8'\n", RUNCOVER_E_NOTFOUND, 8, 41,
      "unknown fact 'session.rpee'" },
    { "single-quoted continued", "    when: 'session.kind == ''race''\n       and session.rpee >= 8'\n",
      RUNCOVER_E_NOTFOUND, 9, 12, "unknown fact 'session.rpee'" },
    { "double-quoted \\\"", "    when: \"session.kind == \\\"race\\\" and session.rpee >= 8\"\n", RUNCOVER_E_NOTFOUND, 8,
      41, "unknown fact 'session.rpee'" },
    { "double-quoted \\u and \\x", "    when: \"session.kind == 'r\\u0061c\\x65' and session.rpee >= 8\"\n",
      RUNCOVER_E_NOTFOUND, 8, 47, "unknown fact 'session.rpee'" },
    { "double-quoted \\n and \\t", "    when: \"session.rpe >= 7\\n\\tand session.rpee >= 8\"\n", RUNCOVER_E_NOTFOUND, 8,
      36, "unknown fact 'session.rpee'" },
    { "double-quoted continued", "    when: \"session.rpe >= 7\n       and session.rpee >= 8\"\n", RUNCOVER_E_NOTFOUND,
      9, 12, "unknown fact 'session.rpee'" },
    { "double-quoted, escaped line break", "    when: \"session.rpe >= 7 and ses\\\n      sion.rpee >= 8\"\n",
      RUNCOVER_E_NOTFOUND, 8, 33, "unknown fact 'session.rpee'" },
    { "literal, third line", "    when: |\n      session.rpe >= 7\n      and session.rpe < 10\n      and session.rpee >= 8\n",
      RUNCOVER_E_NOTFOUND, 11, 11, "unknown fact 'session.rpee'" },
    { "literal, more indented", "    when: |-\n      session.rpe >= 7\n          and session.rpee >= 8\n",
      RUNCOVER_E_NOTFOUND, 10, 15, "unknown fact 'session.rpee'" },
    { "literal, header comment", "    when: |2-  # the rule\n        session.rpe >= 7\n        and session.rpee >= 8\n",
      RUNCOVER_E_NOTFOUND, 10, 13, "unknown fact 'session.rpee'" },
    { "literal, end of expression", "    when: |\n      session.rpe >= 7 and\n      session.rpe >=\n",
      RUNCOVER_E_SYNTAX, 10, 21, "expected a value, found end of expression" },
    { "folded", "    when: >-\n      session.rpe >= 7\n      and session.rpee >= 8\n", RUNCOVER_E_NOTFOUND, 10, 11,
      "unknown fact 'session.rpee'" },
    { "folded, blank lines", "    when: >+\n\n      session.rpe >= 7\n\n\n      and session.rpee >= 8\n\n",
      RUNCOVER_E_NOTFOUND, 13, 11, "unknown fact 'session.rpee'" },
    { "folded, type of the whole", "    when: >\n      session.rpe\n      + 1\n", RUNCOVER_E_TYPE, 9, 7,
      "when must be a condition" },
    { "flow mapping, continued", "    when: 'true'\n    amount: { min: 1, max: 2 *\n        session.rpee, unit: g }\n",
      RUNCOVER_E_NOTFOUND, 10, 9, "unknown fact 'session.rpee'" },
    { "red flag using fired(), folded", "    red_flag: true\n    when: >-\n      session.rpe >= 7\n      and fired(\"other\")\n",
      RUNCOVER_E_SCHEMA, 11, 11, "red-flag rule 'r' cannot use fired()" },
    /* detail templates */
    { "detail, double-quoted escapes", "    when: 'true'\n    detail: \"Caf\\u00e9 \\\"stop\\\" after {session.rpee}\"\n",
      RUNCOVER_E_NOTFOUND, 9, 40, "unknown fact 'session.rpee'" },
    { "detail, single-quoted ''", "    when: 'true'\n    detail: 'It''s {volume(session.rpee)}'\n", RUNCOVER_E_NOTFOUND, 9,
      28, "unknown fact 'session.rpee'" },
    { "detail, folded", "    when: 'true'\n    detail: >-\n      Easy {session.rpe} and\n      then {session.rpee}\n",
      RUNCOVER_E_NOTFOUND, 11, 13, "unknown fact 'session.rpee'" },
    { "detail, literal third line", "    when: 'true'\n    detail: |\n      One.\n      Two.\n      Then é {1 y}.\n",
      RUNCOVER_E_SYNTAX, 12, 17, "unexpected 'y' after the expression" },
    { "detail, unmatched brace continued", "    when: 'true'\n    detail: Rest well\n      and eat} now\n",
      RUNCOVER_E_SYNTAX, 10, 14, "unmatched '}'" },
    { "detail, unclosed brace in quotes", "    when: 'true'\n    detail: \"\\u00e9\\u00e9 {session.rpe\"\n",
      RUNCOVER_E_SYNTAX, 9, 27, "unclosed '{'" },
    { "detail, hole of the wrong type", "    when: 'true'\n    detail: >\n      Rest\n      {session.rpe > 3}\n",
      RUNCOVER_E_TYPE, 11, 8, "must be a number" },
};

/* A copy of text, or (crlf) with every "\n" written as "\r\n" and a BOM in
 * front: the same positions. */
static char *copy_text(const char *text, bool crlf)
{
    size_t n = strlen(text);
    char *out = malloc(2 * n + 4);
    ck_assert_ptr_nonnull(out);
    size_t o = 0;
    if (crlf) {
        memcpy(out, "\xEF\xBB\xBF", 3);
        o = 3;
    }
    for (size_t i = 0; i < n; i++) {
        if (crlf && text[i] == '\n')
            out[o++] = '\r';
        out[o++] = text[i];
    }
    out[o] = '\0';
    return out;
}

START_TEST(test_positions_in_scalars)
{
    const placed *c = &placeds[_i / 2];
    char yaml[4096];
    snprintf(yaml, sizeof yaml,
             "format: 1\n"
             "protocol: t\n"
             "version: 1\n"
             "sources: { s: \"t\" }\n"
             "rules:\n"
             "  - { id: other, when: 'true', category: sleep, phase: long_term, title: O }\n"
             "  - id: r\n"
             "%s"
             "    category: rest\n"
             "    phase: mid_term\n"
             "    title: T\n",
             c->fields);
    char *text = copy_text(yaml, _i % 2);
    runcover_evaluator *ev;
    ck_assert_int_eq(runcover_evaluator_new(&ev), RUNCOVER_OK);
    runcover_status st = runcover_evaluator_load_string(ev, "p.yaml", text, strlen(text));
    const runcover_error *e = runcover_last_error();
    ck_assert_msg(st == c->code, "%s%s: status %s, expected %s (%s at %u:%u)", c->name, _i % 2 ? " (CR LF)" : "",
                  runcover_status_str(st), runcover_status_str(c->code), e->message, e->line, e->column);
    ck_assert_msg(e->line == c->line && e->column == c->col, "%s%s: at %u:%u, expected %u:%u (%s)", c->name,
                  _i % 2 ? " (CR LF)" : "", e->line, e->column, c->line, c->col, e->message);
    ck_assert_msg(strstr(e->message, c->msg) != NULL, "%s: message \"%s\" lacks \"%s\"", c->name, e->message, c->msg);
    runcover_evaluator_free(ev);
    free(text);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("expr");
    TCase *tc = tcase_create("expr");
    tcase_add_loop_test(tc, test_refused, 0, (int)(sizeof bads / sizeof bads[0]));
    tcase_add_loop_test(tc, test_accepted_forms, 0, 14);
    tcase_add_test(tc, test_values);
    tcase_add_test(tc, test_limits);
    tcase_add_loop_test(tc, test_positions_in_scalars, 0, (int)(2 * (sizeof placeds / sizeof placeds[0])));
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
