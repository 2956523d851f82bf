package provider

import (
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// The README's links to files of the repository and to their headings
// resolve (and those of the other Markdown files at the top): a reader on
// GitHub, or of a release's source, never follows one into nothing.
func TestReadmeLinksResolve(t *testing.T) {
	t.Parallel()
	root := filepath.Join("..", "..")
	for _, name := range []string{"README.md", "BENCHMARKS.md", "CHANGELOG.md"} {
		links := markdownLinks(t, filepath.Join(root, name))
		if name == "README.md" && len(links) == 0 {
			t.Fatal("README.md has no links; the parser is broken")
		}
		for _, link := range links {
			if isExternal(link.target) {
				continue
			}
			path, anchor, _ := strings.Cut(link.target, "#")
			file := filepath.Join(root, name)
			if path != "" {
				file = filepath.Join(root, filepath.FromSlash(path))
			}
			checkLinkTarget(t, name+":"+link.line, link.target, file, anchor)
		}
	}
}

// The docs link to their own pages on the registry (the schema's notes
// point at the Conventions section that way): each such link names a page
// docs/ has, and a heading on it.
func TestDocsRegistryLinksResolve(t *testing.T) {
	t.Parallel()
	root := filepath.Join("..", "..")
	pages, err := filepath.Glob(filepath.Join(root, "docs", "*.md"))
	must(t, err)
	for _, dir := range []string{"guides", "data-sources", "resources"} {
		more, err := filepath.Glob(filepath.Join(root, "docs", dir, "*.md"))
		must(t, err)
		pages = append(pages, more...)
	}
	checked := 0
	for _, page := range pages {
		rel, err := filepath.Rel(root, page)
		must(t, err)
		for _, link := range markdownLinks(t, page) {
			rest, ok := strings.CutPrefix(link.target, conventionsURL)
			if !ok {
				continue
			}
			path, anchor, _ := strings.Cut(rest, "#")
			file := filepath.Join(root, "docs", "index.md")
			if path != "" {
				file = filepath.Join(root, "docs", filepath.FromSlash(strings.TrimPrefix(path, "/"))+".md")
			}
			checkLinkTarget(t, rel+":"+link.line, link.target, file, anchor)
			checked++
		}
	}
	if checked == 0 {
		t.Fatal("docs/ has no links to the registry's pages of this provider; the parser is broken")
	}
}

// checkLinkTarget fails t unless file exists and, when anchor is set, is a
// Markdown file with that heading or HTML anchor.
func checkLinkTarget(t *testing.T, where, target, file, anchor string) {
	t.Helper()
	info, err := os.Stat(file)
	if err != nil {
		t.Errorf("%s: link %q: %v", where, target, err)
		return
	}
	if anchor == "" {
		return
	}
	if info.IsDir() || !strings.HasSuffix(file, ".md") {
		t.Errorf("%s: link %q: an anchor into something other than a Markdown file", where, target)
		return
	}
	if !markdownAnchors(t, file)[anchor] {
		t.Errorf("%s: link %q: %s has no heading with the anchor #%s", where, target, file, anchor)
	}
}

type markdownLink struct {
	target string
	line   string // line number, for messages
}

var linkRE = regexp.MustCompile(`\]\(([^)\s]+)\)`)

// markdownLinks are the inline links of a Markdown file, outside code
// blocks and code spans.
func markdownLinks(t *testing.T, file string) []markdownLink {
	t.Helper()
	var links []markdownLink
	lines := proseLines(t, file)
	for _, n := range slices.Sorted(maps.Keys(lines)) {
		for _, m := range linkRE.FindAllStringSubmatch(withoutCodeSpans(lines[n]), -1) {
			links = append(links, markdownLink{target: m[1], line: strconv.Itoa(n)})
		}
	}
	return links
}

// proseLines are the lines of a Markdown file outside fenced code blocks,
// by line number.
func proseLines(t *testing.T, file string) map[int]string {
	t.Helper()
	b, err := os.ReadFile(file)
	must(t, err)
	lines := map[int]string{}
	fenced := false
	for i, line := range strings.Split(string(b), "\n") {
		if strings.HasPrefix(strings.TrimSpace(line), "```") {
			fenced = !fenced
			continue
		}
		if !fenced {
			lines[i+1] = line
		}
	}
	return lines
}

var codeSpanRE = regexp.MustCompile("`[^`]*`")

// withoutCodeSpans blanks code spans, which may hold text such as
// `list[0](x)` that is not a link; a link whose text is a code span keeps
// its target.
func withoutCodeSpans(line string) string {
	return codeSpanRE.ReplaceAllString(line, "code")
}

var (
	headingRE    = regexp.MustCompile(`^#{1,6}\s+(.+?)\s*#*\s*$`)
	htmlAnchorRE = regexp.MustCompile(`<a (?:id|name)="([^"]+)"`)
	slugDropRE   = regexp.MustCompile(`[^\p{L}\p{N}\s_-]`)
)

// markdownAnchors are the anchors GitHub and the registry give the headings
// of a Markdown file (lower case, punctuation dropped, spaces as hyphens,
// repeats numbered), and its explicit HTML anchors.
func markdownAnchors(t *testing.T, file string) map[string]bool {
	t.Helper()
	lines := proseLines(t, file)
	numbers := slices.Sorted(maps.Keys(lines))
	anchors := map[string]bool{}
	seen := map[string]int{}
	for _, n := range numbers {
		line := lines[n]
		for _, m := range htmlAnchorRE.FindAllStringSubmatch(line, -1) {
			anchors[m[1]] = true
		}
		m := headingRE.FindStringSubmatch(line)
		if m == nil {
			continue
		}
		slug := strings.ReplaceAll(slugDropRE.ReplaceAllString(strings.ToLower(m[1]), ""), " ", "-")
		if k := seen[slug]; k > 0 {
			anchors[slug+"-"+strconv.Itoa(k)] = true
		} else {
			anchors[slug] = true
		}
		seen[slug]++
	}
	return anchors
}

func isExternal(target string) bool {
	return strings.HasPrefix(target, "http://") || strings.HasPrefix(target, "https://") ||
		strings.HasPrefix(target, "mailto:")
}
