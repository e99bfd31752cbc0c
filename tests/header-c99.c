/* Compiled with -std=c99 -pedantic -Werror: the public header alone. */
#include <runcover/runcover.h>

int main(void)
{
    return RUNCOVER_VERSION_CHECK(0, 1, 0) && runcover_version_number() >= 100 ? 0 : 1;
}
