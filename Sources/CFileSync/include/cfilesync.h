#ifndef CFILESYNC_H
#define CFILESYNC_H

/// Writes back every dirty page and inode of the file system holding `fd` and waits, like
/// Linux's syncfs(2), which Swift's Glibc module does not declare. 0 on success; -1 with errno
/// set otherwise (ENOSYS where the system has no such call: the caller syncs file by file).
int cfilesync_syncfs(int fd);

#endif
