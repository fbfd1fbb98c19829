/*
 * Preloaded into Orthanc (see thread-stack.ts): no thread gets less than glibc's default 8 MiB stack.
 *
 * Debian's libcivetweb is built with civetweb's default 100 KiB thread stacks, and Orthanc serves every
 * HTTP request on one of those threads. GDCM 3.0.21's gdcm::ImageWriter::Write reserves a 132 KiB
 * stack frame, so transcoding or previewing a JPEG 2000 frame overflows the stack: Orthanc segfaults,
 * or writes into a neighbouring thread's stack. Upstream Orthanc builds, with their own civetweb,
 * use the default stack size and never had the problem.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <pthread.h>
#include <stddef.h>

#define MINIMUM_STACK_BYTES ((size_t)8 << 20)

int pthread_attr_setstacksize(pthread_attr_t *attr, size_t size) {
  static int (*next)(pthread_attr_t *, size_t);
  if (!next) next = (int (*)(pthread_attr_t *, size_t))dlsym(RTLD_NEXT, "pthread_attr_setstacksize");
  return next(attr, size < MINIMUM_STACK_BYTES ? MINIMUM_STACK_BYTES : size);
}
