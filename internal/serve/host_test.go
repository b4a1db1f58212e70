package serve

import (
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"
)

// TestRefusesOtherHosts sends requests over loopback with the Host
// header a rebound name would carry: a page of another site must not be
// able to read the preview.
func TestRefusesOtherHosts(t *testing.T) {
	h := start(t)
	_, port, _ := net.SplitHostPort(strings.TrimPrefix(h.url, "http://"))
	client := &http.Client{Timeout: 5 * time.Second} // an event stream served in error stays open
	for _, tc := range []struct {
		host string
		want int
	}{
		{"127.0.0.1:" + port, 200},
		{"localhost:" + port, 200},
		{"LOCALHOST:" + port, 200},
		{"localhost", 200},
		{"[::1]:" + port, 200},
		{"evil.example", http.StatusMisdirectedRequest},
		{"evil.example:" + port, http.StatusMisdirectedRequest},
		{"localhost.evil.example:" + port, http.StatusMisdirectedRequest},
		{"127.0.0.1:1", http.StatusMisdirectedRequest},
		{"10.1.2.3:" + port, http.StatusMisdirectedRequest},
	} {
		for _, path := range []string{"/", "/data/export.json", EventsPath} {
			if path == EventsPath && tc.want == 200 {
				continue // a stream that stays open
			}
			req, _ := http.NewRequest("GET", h.url+path, nil)
			req.Host = tc.host
			resp, err := client.Do(req)
			if err != nil {
				t.Errorf("GET %s with Host %q: %v", path, tc.host, err)
				continue
			}
			body, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode != tc.want {
				t.Errorf("GET %s with Host %q: %d, want %d\n%s", path, tc.host, resp.StatusCode, tc.want, body)
			}
			if tc.want != 200 && strings.Contains(string(body), "export") {
				t.Errorf("GET %s with Host %q served data: %s", path, tc.host, body)
			}
		}
	}
}

func TestHostCheckAddresses(t *testing.T) {
	addr := func(s string) net.Addr {
		a, err := net.ResolveTCPAddr("tcp", s)
		if err != nil {
			t.Fatal(err)
		}
		return a
	}
	for _, tc := range []struct {
		given, listen, host string
		want                bool
	}{
		{"127.0.0.1:8080", "127.0.0.1:8080", "127.0.0.1:8080", true},
		{"127.0.0.1:8080", "127.0.0.1:8080", "127.0.0.1", true},
		{"127.0.0.1:8080", "127.0.0.1:8080", "localhost:8080", true},
		{"127.0.0.1:8080", "127.0.0.1:8080", "[::1]:8080", true},
		{"127.0.0.1:8080", "127.0.0.1:8080", "localhost:9090", false},
		{"127.0.0.1:8080", "127.0.0.1:8080", "evil.example:8080", false},
		{"127.0.0.1:8080", "127.0.0.1:8080", "", false},
		{"preview.lan:8080", "192.168.1.5:8080", "preview.lan:8080", true},
		{"preview.lan:8080", "192.168.1.5:8080", "192.168.1.5:8080", true},
		{"preview.lan:8080", "192.168.1.5:8080", "192.168.1.6:8080", false},
		{":8080", "[::]:8080", "192.168.1.6:8080", true},
		{"0.0.0.0:8080", "0.0.0.0:8080", "[fe80::1]:8080", true},
		{"0.0.0.0:8080", "0.0.0.0:8080", "evil.example:8080", false},
		{"127.0.0.1:0", "127.0.0.1:43121", "127.0.0.1:43121", true},
		{"127.0.0.1:0", "127.0.0.1:43121", "127.0.0.1:0", false},
	} {
		c := newHostCheck(nil, tc.given, addr(tc.listen)).(*hostCheck)
		if got := c.allowed(tc.host); got != tc.want {
			t.Errorf("--addr %s listening on %s: Host %q allowed %v, want %v", tc.given, tc.listen, tc.host, got, tc.want)
		}
	}
}
