/** Linux errno values used by the syscall layer (asm-generic/errno-base.h, errno.h; powerpc uses these). */
export const EPERM = 1;
export const ENOENT = 2;
export const ESRCH = 3;
export const EINTR = 4;
export const EIO = 5;
export const EBADF = 9;
export const ECHILD = 10;
export const EAGAIN = 11;
export const ENOMEM = 12;
export const EACCES = 13;
export const EFAULT = 14;
export const EEXIST = 17;
export const ENOTDIR = 20;
export const EISDIR = 21;
export const EINVAL = 22;
export const EMFILE = 24;
export const ENOTTY = 25;
export const ENODEV = 19;
export const ESPIPE = 29;
export const EROFS = 30;
export const EPIPE = 32;
export const ERANGE = 34;
export const ENAMETOOLONG = 36;
export const ENOSYS = 38;
export const ELOOP = 40;
export const ENODATA = 61;
export const EOVERFLOW = 75;
export const ETIMEDOUT = 110;
export const EOPNOTSUPP = 95;

const NAMES: Record<number, [string, string]> = {
  [EPERM]: ['EPERM', 'Operation not permitted'],
  [ENOENT]: ['ENOENT', 'No such file or directory'],
  [ESRCH]: ['ESRCH', 'No such process'],
  [EINTR]: ['EINTR', 'Interrupted system call'],
  [EIO]: ['EIO', 'Input/output error'],
  [EBADF]: ['EBADF', 'Bad file descriptor'],
  [ECHILD]: ['ECHILD', 'No child processes'],
  [EAGAIN]: ['EAGAIN', 'Resource temporarily unavailable'],
  [ENOMEM]: ['ENOMEM', 'Cannot allocate memory'],
  [EACCES]: ['EACCES', 'Permission denied'],
  [EFAULT]: ['EFAULT', 'Bad address'],
  [EEXIST]: ['EEXIST', 'File exists'],
  [ENOTDIR]: ['ENOTDIR', 'Not a directory'],
  [EISDIR]: ['EISDIR', 'Is a directory'],
  [EINVAL]: ['EINVAL', 'Invalid argument'],
  [EMFILE]: ['EMFILE', 'Too many open files'],
  [ENOTTY]: ['ENOTTY', 'Inappropriate ioctl for device'],
  [ENODEV]: ['ENODEV', 'No such device'],
  [ESPIPE]: ['ESPIPE', 'Illegal seek'],
  [EROFS]: ['EROFS', 'Read-only file system'],
  [EPIPE]: ['EPIPE', 'Broken pipe'],
  [ERANGE]: ['ERANGE', 'Numerical result out of range'],
  [ENAMETOOLONG]: ['ENAMETOOLONG', 'File name too long'],
  [ENOSYS]: ['ENOSYS', 'Function not implemented'],
  [ELOOP]: ['ELOOP', 'Too many levels of symbolic links'],
  [ENODATA]: ['ENODATA', 'No data available'],
  [EOVERFLOW]: ['EOVERFLOW', 'Value too large for defined data type'],
  [EOPNOTSUPP]: ['EOPNOTSUPP', 'Operation not supported'],
  [ETIMEDOUT]: ['ETIMEDOUT', 'Connection timed out'],
};

export const errnoName = (e: number): string => NAMES[e]?.[0] ?? `E${e}`;
export const errnoMessage = (e: number): string => NAMES[e]?.[1] ?? `errno ${e}`;

/** A syscall result in [-4095, -1] is an error (the kernel's IS_ERR_VALUE range). */
export const isError = (r: number): boolean => r < 0 && r >= -4095;
