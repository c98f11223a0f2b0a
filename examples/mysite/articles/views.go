package articles

import (
	"net/http"
	"strconv"
	"time"

	"github.com/jazzgo/jazz/cache/cachehttp"
	"github.com/jazzgo/jazz/urls"
	"github.com/jazzgo/jazz/web"
)

// URLs is the app's URLconf, included by the project under a namespace.
func URLs() []urls.Pattern {
	return []urls.Pattern{
		urls.Path("", list, "list"),
		urls.Path("<int:year>/<slug:slug>/", detail, "detail"),
		// The exports change only when articles do: cached for five minutes.
		urls.Path("articles.csv", cachehttp.CachePage(nil, 5*time.Minute)(web.HandlerFunc(csvExport)), "csv"),
		urls.Path("articles.json", cachehttp.CachePage(nil, 5*time.Minute)(web.HandlerFunc(jsonExport)), "json"),
	}
}

func list(w http.ResponseWriter, r *http.Request) error {
	years, err := CountsByYear(r.Context())
	if err != nil {
		return err
	}
	return web.Render(w, r, "articles/list.html", web.Context{"articles": All(), "years": years})
}

func detail(w http.ResponseWriter, r *http.Request) error {
	year, err := strconv.Atoi(r.PathValue("year"))
	if err != nil {
		return web.NotFound("bad year %q", r.PathValue("year"))
	}
	a, ok := Find(year, r.PathValue("slug"))
	if !ok {
		return web.NotFound("no article %d/%s", year, r.PathValue("slug"))
	}
	return web.Render(w, r, "articles/detail.html", web.Context{"article": a})
}

// csvExport downloads the articles as a spreadsheet.
func csvExport(w http.ResponseWriter, r *http.Request) error {
	rows := [][]string{{"title", "author", "published", "url"}}
	for _, a := range All() {
		u, err := web.SiteOf(r).Reverse("articles:detail", a.Year(), a.Slug)
		if err != nil {
			return err
		}
		rows = append(rows, []string{a.Title, a.Author, a.Published.Format("2006-01-02"), u})
	}
	return web.CSV(w, "articles.csv", rows)
}

type articleJSON struct {
	Title     string `json:"title"`
	Slug      string `json:"slug"`
	Author    string `json:"author"`
	Published string `json:"published"`
	URL       string `json:"url"`
}

func jsonExport(w http.ResponseWriter, r *http.Request) error {
	var out []articleJSON
	for _, a := range All() {
		u, err := web.SiteOf(r).Reverse("articles:detail", a.Year(), a.Slug)
		if err != nil {
			return err
		}
		out = append(out, articleJSON{a.Title, a.Slug, a.Author, a.Published.Format("2006-01-02T15:04:05Z07:00"), u})
	}
	return web.JSON(w, http.StatusOK, out)
}
