// Compiled as C++17 with -pedantic -Werror: the public header alone.
#include <runcover/runcover.h>

int main()
{
    runcover_evaluator *ev = nullptr;
    if (runcover_evaluator_new(&ev) != RUNCOVER_OK)
        return 1;
    runcover_evaluator_free(ev);
    return RUNCOVER_VERSION_CHECK(0, 1, 0) ? 0 : 1;
}
