package serve

import (
	"fmt"
	"net"
	"net/http"
	"strings"
)

// hostCheck refuses requests whose Host header names another site than
// this server. A page on any web site can point a name of its own at
// 127.0.0.1 (DNS rebinding) and then read the preview with the browser's
// blessing, since to the browser it is that site's own origin; the one
// thing it cannot change is the Host header the browser sends, which
// still names that site.
//
// Allowed are localhost, 127.0.0.1 and [::1], the host of the address the
// server was told to listen on (a name or an IP), and, when it listens on
// every interface (0.0.0.0 or [::]), any IP address: an address typed
// into a browser cannot be rebound. The port, when the header has one,
// must be the one the server listens on.
type hostCheck struct {
	next  http.Handler
	names map[string]bool // lowercase host names and IPs, without brackets
	port  string
	anyIP bool
}

// newHostCheck guards next for a server listening on ln, started with
// --addr given (which may name the host differently from ln, e.g.
// localhost:8080 for 127.0.0.1:8080).
func newHostCheck(next http.Handler, given string, ln net.Addr) http.Handler {
	c := &hostCheck{next: next, names: map[string]bool{"localhost": true, "127.0.0.1": true, "::1": true}}
	for _, a := range []string{given, ln.String()} {
		host, port, err := net.SplitHostPort(a)
		if err != nil {
			continue
		}
		if ip := net.ParseIP(host); host == "" || ip != nil && ip.IsUnspecified() {
			c.anyIP = true
			continue
		}
		c.names[strings.ToLower(host)] = true
		if port != "0" && port != "" {
			c.port = port
		}
	}
	if _, port, err := net.SplitHostPort(ln.String()); err == nil {
		c.port = port // the port actually listened on (--addr :0 picks one)
	}
	return c
}

func (c *hostCheck) allowed(hostHeader string) bool {
	host, port := hostHeader, ""
	if h, p, err := net.SplitHostPort(hostHeader); err == nil {
		host, port = h, p
	}
	host = strings.ToLower(strings.TrimSuffix(strings.TrimPrefix(host, "["), "]"))
	if port != "" && port != c.port {
		return false
	}
	return c.names[host] || c.anyIP && net.ParseIP(host) != nil
}

func (c *hostCheck) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if !c.allowed(r.Host) {
		http.Error(w, fmt.Sprintf("okrs serve: the Host %q is not this server; open it as http://localhost:%s/ or http://127.0.0.1:%s/", r.Host, c.port, c.port), http.StatusMisdirectedRequest)
		return
	}
	c.next.ServeHTTP(w, r)
}
