package cli

import (
	"bufio"
	"context"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/okrs-dev/okrs/internal/okr"
	"github.com/okrs-dev/okrs/internal/serve"
)

// TestServeSite runs the preview server with the real site over loopback:
// a page is served, a saved change is rebuilt and announced within a
// second, and a broken file shows its findings in the page.
func TestServeSite(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "okrs")
	if err := os.CopyFS(dir, os.DirFS("testdata/base")); err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	url := "http://" + ln.Addr().String()
	srv := serve.New(serve.Options{Dir: dir, Render: siteRenderer(), AsOf: func() okr.Date { return okr.MustDate("2026-05-27") }})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- srv.Run(ctx, ln) }()
	defer func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("Run: %v", err)
		}
	}()
	for deadline := time.Now().Add(5 * time.Second); srv.Version() == 0 && time.Now().Before(deadline); {
		time.Sleep(5 * time.Millisecond)
	}

	get := func(path string) (int, string) {
		t.Helper()
		resp, err := http.Get(url + path)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	page := "/teams/web/2026-Q2/fast-site.html"
	if code, body := get(page); code != 200 || !strings.Contains(body, "A fast site") || !strings.Contains(body, `src="/_okrs/reload.js"`) {
		t.Fatalf("GET %s: %d\n%.2000s", page, code, body)
	}
	if code, _ := get("/"); code != 200 {
		t.Fatalf("GET /: %d", code)
	}
	if code, body := get("/data/okrs.json"); code != 200 || !strings.Contains(body, `"objectives"`) {
		t.Fatalf("GET /data/okrs.json: %d\n%.500s", code, body)
	}

	req, _ := http.NewRequestWithContext(ctx, "GET", url+serve.EventsPath, nil)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	events := make(chan string, 8)
	go func() {
		sc := bufio.NewScanner(resp.Body)
		for sc.Scan() {
			if v, ok := strings.CutPrefix(sc.Text(), "data: "); ok {
				events <- v
			}
		}
	}()
	wait := func(want string) {
		t.Helper()
		select {
		case v := <-events:
			if v != want {
				t.Fatalf("reload event for build %s, want %s", v, want)
			}
		case <-time.After(time.Second):
			t.Fatalf("no reload event for build %s within a second", want)
		}
	}
	wait("1")

	file := filepath.Join(dir, "2026-Q2", "web.yaml")
	src, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(file, []byte(strings.Replace(string(src), "title: A fast site", "title: A blazing site", 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	wait("2")
	if _, body := get(page); !strings.Contains(body, "A blazing site") {
		t.Errorf("GET %s after the change does not show it", page)
	}

	if err := os.WriteFile(file, append(src, "    owner: bob\n"...), 0o644); err != nil {
		t.Fatal(err)
	}
	wait("3")
	code, body := get(page)
	if code != http.StatusInternalServerError || !strings.Contains(body, "web.yaml:34:5: error: duplicate key") {
		t.Errorf("GET %s with a broken file: %d\n%s", page, code, body)
	}
}
