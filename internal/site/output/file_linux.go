package output

import (
	"io"
	"io/fs"

	"golang.org/x/sys/unix"
)

// writeFile is os.WriteFile that also gives the file's size and
// modification time (in nanoseconds), as the next build will see them,
// from the open file rather than its path.
//
// It makes its system calls itself: os.OpenFile offers every file to the
// runtime's poller, which for a regular file is four fcntl and an
// epoll_ctl that fails, five of the nine calls of writing a page (on the
// large generated organization, 55,000 files, 0.75 CPU-s of the cold
// build; BenchmarkWriteFile). Open, write, fstat, close: the same calls
// os.WriteFile and File.Stat end in, with the same errors.
func writeFile(name string, data []byte) (size, mtime int64, err error) {
	fd, err := unix.Open(name, unix.O_WRONLY|unix.O_CREAT|unix.O_TRUNC|unix.O_CLOEXEC, 0o644)
	if err != nil {
		return 0, 0, &fs.PathError{Op: "open", Path: name, Err: err}
	}
	for len(data) > 0 {
		n, werr := unix.Write(fd, data)
		if werr == unix.EINTR {
			continue
		}
		if werr == nil && n == 0 {
			werr = io.ErrShortWrite
		}
		if werr != nil {
			err = &fs.PathError{Op: "write", Path: name, Err: werr}
			break
		}
		data = data[n:]
	}
	if err == nil {
		var st unix.Stat_t
		if serr := unix.Fstat(fd, &st); serr != nil {
			err = &fs.PathError{Op: "stat", Path: name, Err: serr}
		} else {
			size, mtime = st.Size, st.Mtim.Nano()
		}
	}
	if cerr := unix.Close(fd); err == nil && cerr != nil {
		err = &fs.PathError{Op: "close", Path: name, Err: cerr}
	}
	return size, mtime, err
}
