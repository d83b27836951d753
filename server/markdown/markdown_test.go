package markdown

import (
	"regexp"
	"strings"
	"testing"
)

func TestRenderStripsAnythingThatRuns(t *testing.T) {
	r := New()
	cases := map[string]string{
		"script tag":      "hello <script>alert(1)</script> world",
		"javascript link": "[click](javascript:alert(1))",
		"event handler":   `<img src=x onerror="alert(1)">`,
		"raw html block":  "<div onclick=\"x()\">hi</div>\n\ntext",
		"data uri link":   "[x](data:text/html;base64,PHNjcmlwdD4=)",
		"autolink js":     "<javascript:alert(1)>",
		"html in heading": "## <iframe src=//evil></iframe>",
		"vbscript":        "[x](vbscript:msgbox)",
	}
	for name, src := range cases {
		t.Run(name, func(t *testing.T) {
			got, err := r.Render(src)
			if err != nil {
				t.Fatal(err)
			}
			low := strings.ToLower(got.HTML)
			for _, bad := range []string{"<script", `href="javascript:`, "onerror=", "onclick=", "<iframe", `href="data:`, `href="vbscript`, "<div", "<img"} {
				if strings.Contains(low, bad) {
					t.Errorf("Render(%q).HTML = %q, contains %q", src, got.HTML, bad)
				}
			}
		})
	}
}

func TestRenderKeepsLeafletStructure(t *testing.T) {
	got, err := New().Render("## 怎么办\n\n- 拨打 **12348**\n- 找司法所\n\n1. 一\n2. 二\n")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"<h2", "<ul>", "<li>", "<strong>12348</strong>", "<ol>"} {
		if !strings.Contains(got.HTML, want) {
			t.Errorf("HTML = %q, want it to contain %q", got.HTML, want)
		}
	}
	if strings.Contains(got.Text, "**") || strings.Contains(got.Text, "##") {
		t.Errorf("Text = %q still has Markdown markers", got.Text)
	}
	if !strings.Contains(got.Text, "拨打 12348") {
		t.Errorf("Text = %q, want it to read 拨打 12348", got.Text)
	}
}

// handlerAttr finds an event-handler attribute inside a tag.
var handlerAttr = regexp.MustCompile(`<[^>]*\son[a-z]+\s*=`)

func FuzzRender(f *testing.F) {
	f.Add("## t\n\n- a\n- **b**\n")
	f.Add("<script>x</script>[a](javascript:b)")
	f.Add("ཁྲིམས་ལུགས། 婚姻")
	r := New()
	f.Fuzz(func(t *testing.T, src string) {
		got, err := r.Render(src)
		if err != nil {
			t.Fatal(err)
		}
		low := strings.ToLower(got.HTML)
		if strings.Contains(low, "<script") || strings.Contains(low, `href="javascript:`) || strings.Contains(low, " on") && strings.Contains(low, "=\"") && strings.Contains(low, "<img") {
			t.Fatalf("Render(%q) let through: %q", src, got.HTML)
		}
	})
}
