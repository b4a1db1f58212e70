//go:build !linux

package output

import "os"

// writeFile is os.WriteFile that also gives the file's size and
// modification time (in nanoseconds), as the next build will see them,
// from the open file rather than its path.
func writeFile(name string, data []byte) (size, mtime int64, err error) {
	f, err := os.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o644)
	if err != nil {
		return 0, 0, err
	}
	_, err = f.Write(data)
	if err == nil {
		var info os.FileInfo
		if info, err = f.Stat(); err == nil {
			size, mtime = info.Size(), info.ModTime().UnixNano()
		}
	}
	if err1 := f.Close(); err == nil {
		err = err1
	}
	return size, mtime, err
}
