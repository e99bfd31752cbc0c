/*
 * program.h — the compiled form of a protocol set, shared by the loader
 * (protocol.c), the expression compiler (expr.c), the evaluator (eval.c)
 * and the renderers (render.c, json.c, explain.c).
 *
 * Expressions are flat arrays of nodes (children by index) with a type
 * fixed at load. Values: numbers are doubles with NaN for "unknown"
 * (absent facts, division by zero, overflow: the hot path only needs
 * "usable or not", explanations re-run with tracing to say why); booleans
 * are three-valued (RC_F, RC_T, RC_U).
 */
#ifndef RC_PROGRAM_H
#define RC_PROGRAM_H

#include <math.h>

#include "facts.h"
#include "handles.h"
#include "yread.h"

/* ---- limits (documented in protocols/README.md) ---- */
#define RC_MAX_RULES 4096          /* rules per evaluator */
#define RC_MAX_EXPR_LEN 4096       /* bytes in one expression */
#define RC_MAX_EXPR_DEPTH 48       /* nesting of one expression */
#define RC_MAX_EXPR_NODES 1024     /* nodes in one expression */
#define RC_MAX_DERIVES 512
#define RC_MAX_EXT 512
#define RC_MAX_GROUPS 1024
#define RC_MAX_FILES 256
#define RC_MAX_SOURCES 256

typedef enum rc_type {
    RC_TY_NUM = 0,
    RC_TY_BOOL,
    RC_TY_STR,   /* string literal */
    RC_TY_LIST,  /* list literal (of strings or numbers) */
    RC_TY_ENUM,  /* enum fact */
    RC_TY_SET,   /* set fact */
    RC_TY_TIME   /* time fact */
} rc_type;

enum { RC_F = 0, RC_T = 1, RC_U = 2 };

typedef enum rc_op {
    /* numbers */
    OP_CONST, OP_SLOT, OP_NEG, OP_ADD, OP_SUB, OP_MUL, OP_DIV, OP_MIN, OP_MAX, OP_CLAMP, OP_ROUND, OP_ABS,
    /* booleans */
    OP_TRUE, OP_FALSE, OP_FLAG,      /* OP_FLAG: slot holds 0/1/NaN (flags, boolean derives) */
    OP_CMP,                          /* a cmp b, numbers */
    OP_BEQ,                          /* bool == bool (cmp EQ/NE) */
    OP_IN_MASK,                      /* enum slot's index in mask */
    OP_SET_HAS,                      /* set slot has bit mask */
    OP_HAS,                          /* slot present */
    OP_FIRED,                        /* rule `k` is in the plan */
    OP_AND, OP_OR, OP_NOT,
    /* non-evaluable leaves kept only during compilation */
    OP_STR, OP_LIST, OP_ENUMREF, OP_SETREF, OP_TIMEREF
} rc_op;

enum { CMP_EQ, CMP_NE, CMP_LT, CMP_LE, CMP_GT, CMP_GE };
enum { RC_CMP_GENERIC = 0, RC_CMP_SLOT_K = 1, RC_CMP_K_SLOT = 2 };

typedef struct rc_node {
    uint8_t op;
    uint8_t type;
    uint8_t cmp;
    uint8_t pad;          /* OP_CMP: RC_CMP_SLOT_K / RC_CMP_K_SLOT when fused at load */
    int32_t a, b, c;      /* children (node indices) or -1 */
    int32_t slot;         /* OP_SLOT/OP_FLAG/OP_IN_MASK/OP_SET_HAS/OP_HAS; rule index for OP_FIRED */
    double k;             /* OP_CONST */
    uint64_t mask;        /* OP_IN_MASK / OP_SET_HAS */
    const char *src;      /* source text of this node (for explanations) */
    uint32_t srclen;
    uint32_t line, col;
    /* compile-time only */
    const char *str;      /* OP_STR: literal (unescaped), OP_LIST: first item index chain */
    uint32_t strlen_;
    int32_t next;         /* list items chain */
    const rc_fact *fact;  /* OP_ENUMREF/OP_SETREF/OP_SLOT of a built-in fact */
} rc_node;

/* A template: literal text and expression holes. */
typedef enum rc_hole_kind {
    H_TEXT, H_NUM, H_ENUM, H_AMOUNT, H_AMOUNT_MIN, H_AMOUNT_MAX, H_AMOUNT_UNIT, H_VOLUME, H_MASS, H_TEMP, H_DIST
} rc_hole_kind;

typedef struct rc_hole {
    uint8_t kind;
    int32_t node;        /* expression, or -1 */
    const char *text;    /* H_TEXT: literal (into evaluator-owned memory) */
    uint32_t len;
} rc_hole;

typedef struct rc_tmpl {
    rc_hole *holes;
    uint32_t n;
} rc_tmpl;

/* Rule categories (fixed order: index = bit in category masks). */
enum {
    CAT_COOL_DOWN, CAT_REFUEL, CAT_REHYDRATE, CAT_MEAL, CAT_MOBILITY, CAT_STRETCHING, CAT_COLD_THERAPY,
    CAT_COMPRESSION, CAT_ELEVATION, CAT_MASSAGE, CAT_FOAM_ROLLING, CAT_NAP, CAT_SLEEP, CAT_CAFFEINE,
    CAT_ACTIVE_RECOVERY, CAT_EASY_RUN, CAT_REST, CAT_CROSS_TRAINING, CAT_STRESS, CAT_TRAINING_ADJUSTMENT,
    CAT_MEDICAL, CAT_COUNT
};
extern const char *const rc_category_names[CAT_COUNT];
/* The CAT_* of a category name, or -1. */
int rc_category_find(const char *s);
extern const uint32_t rc_red_flag_allowed; /* category mask kept under a red flag */
enum { PH_IMMEDIATE, PH_MID_TERM, PH_LONG_TERM, PH_RETURN, PH_MEDICAL, PH_COUNT };
extern const char *const rc_phase_item_names[PH_COUNT];

typedef struct rc_rule {
    const char *id;
    const char *file;      /* where it was defined (for messages) */
    unsigned line, col;
    int32_t when;          /* node, or -1 for the built-in medical rule */
    int32_t prio;
    uint8_t category, phase;
    bool red_flag;
    bool has_window, has_duration, has_amount;
    double wstart, wend, dmin, dmax;
    int32_t amin, amax;    /* nodes */
    const char *unit;
    const char *title;
    rc_tmpl detail;
    const char *detail_src;
    uint16_t *sources;     /* indices into program sources */
    uint32_t nsources;
    int32_t group;         /* index into groups, or -1 */
    int32_t *supp;         /* rule indices */
    uint32_t nsupp;
    uint32_t supp_cats;    /* category mask */
    int32_t rh, rs;        /* recovery_hours / recovery_scale nodes or -1 */
    uint32_t stratum;      /* 0, or 1 + max stratum of fired() targets */
} rc_rule;

typedef struct rc_extdecl {
    const char *name;      /* without ext. */
    const char *path;      /* "ext.NAME" */
    uint32_t hash;
    runcover_fact_type type;
    double min, max;
    int32_t slot;
    const char *doc;
} rc_extdecl;

typedef struct rc_derive {
    const char *name;
    const char *path;      /* "derive.NAME" */
    int32_t node;
    int32_t slot;
    uint8_t type;          /* RC_TY_NUM or RC_TY_BOOL */
} rc_derive;

typedef struct rc_source {
    const char *id, *title;
} rc_source;

typedef struct rc_protoinfo {
    const char *name;
    int64_t version;
    char sha256[65];
} rc_protoinfo;

/* ---- fast.c: what a program is prepared with at load ---- */
enum { J_RET, J_LT, J_LE, J_GT, J_GE, J_EQ, J_NE, J_FLAG, J_HAS, J_IN_MASK, J_SET_HAS, J_FIRED, J_GENERIC };
/* One test of the jump code: read, decide, continue at next[result]. */
typedef struct rc_jump {
    uint8_t op;
    uint8_t ret;           /* J_RET: RC_F, RC_T or RC_U */
    int32_t slot;          /* fact slot; the rule for J_FIRED; the node for J_GENERIC */
    double k;              /* comparison constant */
    uint64_t mask;         /* J_IN_MASK, J_SET_HAS */
    int32_t next[3];       /* successor by result: [RC_F], [RC_T], [RC_U] */
} rc_jump;
/* A numeric expression that is a left-deep chain — a leaf, then steps that
 * each combine the running value with one constant or fact (either side) —
 * runs as a loop without recursion or node lookups: every dose, recovery
 * figure and numeric derive written as `0.8 * athlete.mass_kg`, `min(500, 6 *
 * athlete.mass_kg)` or `1 + session.distance_km / 25`. The steps keep the
 * tree's operations, operand order and finiteness checks, so both give the
 * same bits. */
enum { N_NEG, N_ADD, N_SUB, N_MUL, N_DIV, N_MIN, N_MAX, N_CLAMP, N_ROUND, N_ABS };
/* What evaluation dispatches on: a unary step, or a binary operation with
 * its operand's kind and side folded in (RC_NCODE). */
enum { NC_NEG, NC_CLAMP, NC_ROUND, NC_ABS, NC_BIN };
#define RC_NCODE(op, from_slot, swap) (NC_BIN + ((op) - N_ADD) * 4 + (from_slot) * 2 + (swap))
typedef struct rc_nstep {
    uint8_t op;
    uint8_t swap;          /* the operand is the left one */
    uint8_t code;          /* NC_* or RC_NCODE() */
    int32_t slot;          /* operand v[slot], or -1 for k */
    double k, k2;          /* constant operand; N_CLAMP: bounds k..k2 */
} rc_nstep;
typedef struct rc_nchain {
    int32_t slot;          /* start v[slot], or -1 for k */
    uint32_t first, n;     /* steps */
    double k;
} rc_nchain;
/* A numeric root as evaluation reads it: a constant, a fact, a fact times
 * a constant, a chain or (anything else) the tree. */
enum { V_K, V_SLOT, V_MULK, V_CHAIN, V_TREE, V_NONE };
typedef struct rc_val {
    uint8_t kind;
    int32_t idx;           /* V_SLOT, V_MULK: slot; V_CHAIN: chain; V_TREE: node */
    double k;
} rc_val;
/* Whether bounds lo..hi make a dose: 0 <= lo <= hi <= 1e12 (an amount is
 * never negative; NaN fails every comparison). The one check of load
 * (fast.c), the jump code and the bit program (eval.c). */
static inline bool rc_dose_ok(double lo, double hi)
{
    return lo >= 0 && hi <= 1e12 && lo <= hi;
}
/* Whether a rule's recovery_hours or recovery_scale is usable: a number
 * from 0 to 1e12 (NaN fails). A rule with one that is not is skipped, as
 * for a dose (DESIGN §3); the plan's figure is clamped to 0-2160 h after. */
static inline bool rc_recovery_ok(double x) { return x >= 0 && x <= 1e12; }

/* A rule's dose (none, two constants checked at load, or two values) and
 * its recovery figures (rh, rs: kind V_NONE when the rule has none). */
enum { D_NONE, D_CONST, D_VAL };
typedef struct rc_dose {
    uint8_t kind;
    bool same;             /* max is min's expression */
    bool red_flag;         /* the rule's red_flag (read with the dose) */
    bool rcheck;           /* rh or rs is computed, or a constant that fails rc_recovery_ok() */
    rc_val lo, hi;
    rc_val rh, rs;
} rc_dose;
typedef struct rc_edge {
    int32_t target;
    uint8_t kind;          /* RS_SUPPRESSED or RS_SUPPRESSED_CAT */
} rc_edge;
typedef struct rc_suppressor {
    int32_t rule;
    uint32_t first, n;     /* edges */
} rc_suppressor;

/* ---- bits.c: the two-valued bit program (see bits.c) ---- */
#define RC_BITS_MAX_TERMS 16   /* terms of one condition's normal form */
/* Atomic tests, bit i of the atom word for atoms[i]; kinds in this order. */
enum { BA_GE, BA_LE, BA_EQ, BA_IN, BA_SET, BA_HAS, BA_KINDS };
typedef struct rc_batom {
    int32_t slot;
    double k;              /* BA_GE, BA_LE, BA_EQ */
    uint64_t mask;         /* BA_IN, BA_SET */
} rc_batom;
/* One conjunction: holds when ((A ^ want) & care) == 0. */
typedef struct rc_bterm {
    uint64_t want, care;
    uint64_t rbit;         /* rule terms: the rule's bit; derive terms: 0 */
} rc_bterm;
/* A boolean derive holds when an atom of `pos` is set, an atom of `neg`
 * is clear (its terms of one atom; a term of none sets both to all ones),
 * or one of its other terms holds. */
typedef struct rc_bderive {
    int32_t slot;
    uint32_t bit;          /* its bit in the atom word */
    uint32_t first, n;     /* dterms: the terms of two atoms or more */
    uint64_t pos, neg;
} rc_bderive;
/* The membership atoms (BA_IN) of one enum slot: tab[value] has the bit,
 * counted from the first BA_IN atom, of each that holds for that value. */
typedef struct rc_benum {
    int32_t slot;
    uint64_t tab[64];
} rc_benum;
typedef struct rc_bfired {
    uint64_t atom;         /* the fired() atom's bit */
    uint32_t rbit;         /* the target rule's bit */
} rc_bfired;
typedef struct rc_bsupp {
    int32_t rule;
    uint32_t rbit;
    uint64_t by_rule, by_cat; /* targets (rule bits) through suppresses / category */
} rc_bsupp;
/* A dose of the bit program: a straight run of steps over one running
 * value y, the same operations in the same order as the tree (fast.c
 * chains), ending at DC_END (check, then store). Only doses with a
 * computed bound have one: constant bounds (checked at load) and "no
 * amount" are written into a plan once per program (eval.c). */
enum {
    DC_K, DC_S, DC_TREE,
    DC_ADDK, DC_SUBK, DC_KSUB, DC_MULK, DC_DIVK, DC_KDIV, DC_MINK, DC_KMIN, DC_MAXK, DC_KMAX,
    DC_ADDS, DC_SUBS, DC_SSUB, DC_MULS, DC_DIVS, DC_SDIV, DC_MINS, DC_SMIN, DC_MAXS, DC_SMAX,
    DC_NEG, DC_ROUND, DC_ABS, DC_CLAMP,
    DC_LO, DC_SAME, DC_END,
    /* the same operations without the finiteness check, where nothing after
     * them in the bound can turn a non-finite value finite again (bits.c) */
    DC_ADDK_NF, DC_SUBK_NF, DC_KSUB_NF, DC_MULK_NF, DC_DIVK_NF,
    DC_ADDS_NF, DC_SUBS_NF, DC_SSUB_NF, DC_MULS_NF, DC_DIVS_NF,
    /* fused at load (bits.c): y = k * v[slot] for a constant and a fact
     * multiplied in either order, and that last in a bound (into x for the
     * low bound, or then the dose's end) */
    DC_KMULS, DC_KMULS_NF, DC_KMULS_NF_LO, DC_KMULS_NF_END,
    DC_COUNT
};
/* The step that ends a dose's run. */
static inline bool rc_dstep_ends(uint32_t op) { return op == DC_END || op == DC_SAME || op == DC_KMULS_NF_END; }
typedef struct rc_dstep {
    uint32_t op;
    int32_t slot;          /* operand v[slot]; DC_TREE: the node */
    double k, k2;          /* constant operand; DC_CLAMP: k .. k2 */
} rc_dstep;
/* A rule's view, padded to a power of two so that finding one is a shift. */
typedef union rc_view {
    runcover_item_view v;
    unsigned char pad[128];
} rc_view;
_Static_assert(sizeof(runcover_item_view) <= 128, "rc_view holds a runcover_item_view");

typedef struct rc_bits {
    rc_batom *atoms;
    uint32_t kind_end[BA_KINDS]; /* atoms of kind k: [kind_end[k-1], kind_end[k]) */
    int32_t *nanslots;     /* slots of membership atoms (BA_IN, BA_SET), checked
                            * before they are read as integers; the
                            * comparisons note an absent value as they go */
    uint32_t nnan;
    int32_t *cslot;        /* the comparison atoms (BA_GE, BA_LE, BA_EQ), */
    double *ck;            /* as two flat arrays: slot and constant */
    rc_benum *enums;       /* the BA_IN atoms as one lookup per slot */
    uint32_t nenum;
    int32_t *numderive;    /* numeric derives, in order */
    uint32_t nnumderive;
    rc_bderive *der;       /* boolean derives, in order */
    uint32_t nder;
    rc_bterm *dterms;
    rc_bfired *fired;
    uint32_t nfired;
    rc_bterm *terms;       /* rule terms, stratum after stratum */
    uint32_t *tstart;      /* stratum s: terms[tstart[s] .. tstart[s+1]) */
    /* A stratum with many terms of at most one atom has them as tables
     * instead: its rules whose such a term holds are the union, over the
     * atom word's nibbles, of ntab[tab[s] + 16 * nibble + its value]; its
     * terms[] are then the others. tab[s] is UINT32_MAX when it has none. */
    uint32_t nnib;         /* nibbles of the atom word in use */
    uint32_t *tab;
    uint64_t *ntab;
    int32_t rule[64];      /* rule bit -> rule index (bits in item order) */
    uint32_t dstart[64];   /* rule bit -> its dose in dcode */
    uint64_t computed;     /* rules whose dose has a computed bound */
    uint64_t rchecked;     /* rules whose recovery figures are checked at evaluation (rc_dose.rcheck) */
    rc_dstep *dcode;
    uint32_t prank[64];    /* rule bit -> the rule's position in priority order */
    uint64_t before0;      /* rules listed before the built-in medical item */
    uint64_t rf_remove;    /* rules whose category a red flag removes */
    uint64_t medical;      /* rules of category medical */
    uint64_t red_flag_rules;
    rc_bsupp *supp;        /* suppressors in priority order */
    uint32_t nsupp;
    uint64_t *gmask;       /* per stratum: groups' member masks */
    uint32_t *gstart;      /* stratum s: gmask[gstart[s] .. gstart[s+1]) */
    uint32_t *gfirst;      /* group k's members, by priority: gmem[gfirst[k] .. gfirst[k+1]) */
    uint64_t *gmem;        /* member bits */
} rc_bits;

/* The compiled program: immutable once built; everything it points to lives
 * in `arena` or in the YAML trees the evaluator keeps. */
typedef struct rc_program {
    void *arena;
    unsigned long long serial; /* distinct per program built (ext slot caches) */
    rc_node *nodes;
    size_t nnodes;
    rc_rule *rules;        /* rules[0] is the built-in medical rule */
    size_t nrules;
    rc_derive *derives;
    size_t nderives;
    rc_extdecl *ext;
    size_t next;
    uint32_t *ext_index;   /* open-addressing hash of ext names → ext index+1 */
    size_t ext_index_cap;
    rc_source *sources;
    size_t nsources;
    rc_protoinfo *protos;
    size_t nprotos;
    const char **groups;   /* group names */
    size_t ngroups;
    size_t nslots;         /* fact vector size: built-ins, ext, derives */
    int32_t *prio_order;   /* rule indices by priority desc, id asc */
    int32_t *item_order;   /* rule indices by window start, priority desc, id */
    uint32_t nstrata;
    bool uses_load;        /* some expression reads load.* */
    runcover_fact_desc *fact_descs; /* built-ins + ext, for introspection */
    size_t nfact_descs;
    /* fast.c */
    rc_jump *code;         /* [0..2]: the results RC_F, RC_T, RC_U */
    size_t ncode;
    int32_t *rentry;       /* per rule: entry into code, or -1 (tree walker) */
    int32_t *dentry;       /* per derive: entry (boolean derives), or -1 */
    int32_t *srules;       /* rules (index > 0) grouped by stratum */
    uint32_t *sstart;      /* stratum s: srules[sstart[s] .. sstart[s+1]) */
    rc_suppressor *suppressors; /* in priority order */
    size_t nsuppressors;
    rc_edge *edges;
    int32_t *grouped;      /* group members in priority order */
    int32_t *grouped_in;   /* per entry of grouped: the member's group */
    size_t ngrouped;
    int32_t *recovery;     /* rules with recovery_hours or recovery_scale */
    size_t nrecovery;
    uint32_t *gstart;      /* stratum s: grouped[gstart[s] .. gstart[s+1]) */
    int32_t *item_rank;    /* per rule: its position in item_order */
    int32_t *prio_rank;    /* per rule: its position in prio_order */
    rc_view *views;        /* per rule: the fixed fields of runcover_plan_read */
    double *nans;          /* RC_LOAD_NFACTS + next NaNs: absent load and ext facts */
    rc_nstep *nsteps;
    int32_t *nchain;       /* per node: chain index for the roots below, or -1 */
    rc_nchain *nchains;    /* of amounts, recovery figures, numeric derives */
    size_t nnchains;
    rc_dose *dose;         /* per rule */
    rc_val *dval;          /* per derive: how a numeric one is computed */
    rc_bits *bits;         /* the bit program (bits.c), or NULL */
} rc_program;

/* Prepares the flat evaluation plan (fast.c); false when out of memory. */
bool rc_program_prepare(rc_program *pg);
/* Prepares the bit program when the program fits it (bits.c); leaves
 * pg->bits NULL when it does not; false when out of memory. */
bool rc_program_prepare_bits(rc_program *pg);

/* The evaluator: the YAML trees of every loaded file and the program
 * compiled from them. */
typedef struct rc_loaded {
    rc_ydoc doc;
    char sha256[65];
} rc_loaded;

struct runcover_evaluator {
    rc_loaded *files;
    size_t nfiles;
    rc_program *prog;      /* never NULL after _new */
    _Atomic int frozen;
};

/* Compiles every file in files[0..n) into a new program. On failure every
 * error found is collected (rc_error_add) and *out is untouched. */
runcover_status rc_program_build(rc_program **out, const rc_loaded *files, size_t n);
void rc_program_free(rc_program *p);
const char *rc_program_slot_name(const rc_program *p, int32_t slot);

/* ---- expr.c ---- */
typedef struct rc_scope rc_scope; /* compile-time name resolution (protocol.c) */
typedef struct rc_nodes {
    rc_node *v;
    size_t n, cap;
    bool oom;
} rc_nodes;
/* Compiles expression text (from a YAML scalar at file:line:col) and
 * checks that its type is `want` (RC_TY_NUM or RC_TY_BOOL). Returns the
 * root node index, or -1 after adding an error. */
struct rc_compile_ctx;
int32_t rc_expr_compile(struct rc_compile_ctx *cx, const rc_ynode *scalar, rc_type want, const char *what);

/* ---- eval.c: per-evaluation state lives in the plan ---- */
enum rc_rstate {
    RS_OFF = 0,        /* when false */
    RS_UNKNOWN,        /* when unknown */
    RS_DOSE,           /* when true, dose unknown/invalid */
    RS_RED_FLAG,       /* removed by the red-flag filter */
    RS_SUPPRESSED,     /* removed by rule `by` */
    RS_SUPPRESSED_CAT, /* removed by rule `by` through category:X */
    RS_GROUP,          /* lost its exclusive group to rule `by` */
    RS_IN,             /* in the plan */
    RS_NOT_NEEDED,     /* built-in medical rule when a protocol medical item exists, or no red flag */
    RS_RECOVERY        /* when true, recovery_hours or recovery_scale unknown/invalid */
};

/* An item: its plan (set when the plan grows, so evaluation writes only
 * the rule), its rule (amounts in the plan's amin/amax by rule) and its
 * detail (NULL when the plan grows, and reset by an evaluation without
 * text after one with: runcover_plan.ndetail). */
struct runcover_item {
    const runcover_plan *plan;
    int32_t rule;
    const char *detail;
    size_t detail_off;
};

struct runcover_plan {
    const runcover_evaluator *ev;
    const rc_program *prog;
    double *vals;          /* fact values used (nslots) */
    uint8_t *state;        /* per rule rc_rstate */
    int32_t *by;           /* per rule: the rule that removed it */
    double *amin, *amax;   /* per rule computed amounts */
    size_t cap_slots, cap_rules;
    runcover_item *items;
    size_t ndetail;        /* items[ndetail ..] have no detail (NULL) */
    size_t nitems;
    int32_t *supp;         /* suppressed rule indices in prio order */
    size_t nsupp;
    int32_t *gwin;         /* per group: the winning rule */
    int32_t *cand;         /* rules whose condition held, stratum after stratum */
    uint64_t *bits;        /* 2 × words: item ranks in the plan, prio ranks removed */
    size_t cap_words;
    size_t cap_groups;
    rc_load_session *lh;   /* history as the load model reads it */
    size_t cap_lh;
    rc_buf text;           /* rendered details */
    bool red_flag;
    bool builtin_flag;     /* the C floor raised it */
    bool has_rh;
    double rh;
    char next_hard[32];
    bool has_next_hard;
    bool by_bits;          /* the bit program decided it (white-box tests) */
    unsigned long long amounts_serial; /* the program whose constant amounts amin/amax hold */
    unsigned flags;
};

bool rc_builtin_red_flag(const double *vals);
const char *rc_plan_removed_by(const runcover_plan *p, int32_t rule);
int32_t rc_plan_slot(const runcover_plan *p, const char *path);
runcover_status rc_read_file(const char *path, char **out, size_t *len, size_t max);
runcover_status rc_list_dir(const char *dir, char ***out, size_t *count);
void rc_explain_because(rc_buf *b, const runcover_plan *p, int32_t rule, void (*emit)(rc_buf *, const char *, void *),
                        void *ud);

/* ---- render.c ---- */
void rc_render_number(rc_buf *b, double v);
void rc_render_amount(rc_buf *b, const runcover_plan *p, const char *unit, double lo, double hi);
void rc_render_template(rc_buf *b, const runcover_plan *p, int32_t rule, const rc_tmpl *t, double amin,
                        double amax);
double rc_eval_num(const rc_program *pg, const double *vals, const uint8_t *rstate, int32_t n);
/* A rule's `when` through its jump code, or the tree when it has none. */
int rc_eval_when(const runcover_plan *p, const rc_program *pg, size_t rule);
int rc_eval_bool(const rc_program *pg, const double *vals, const uint8_t *rstate, int32_t n);

/* ---- explain.c ---- */
void rc_explain_rule(rc_buf *b, const runcover_plan *p, int32_t rule, bool why_not);

/* ---- embedded default set (generated) ---- */
typedef struct rc_embedded {
    const char *name;
    const char *data;
    size_t len;
} rc_embedded;
extern const rc_embedded rc_default_protocols[];
extern const size_t rc_default_protocol_count;

#endif
