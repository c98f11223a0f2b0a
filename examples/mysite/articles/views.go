package articles

import (
	"context"
	"errors"
	"net/http"
	"time"

	"github.com/jazzgo/jazz/cache/cachehttp"
	"github.com/jazzgo/jazz/orm"
	"github.com/jazzgo/jazz/urls"
	"github.com/jazzgo/jazz/web"
)

// URLs is the app's URLconf, included by the project under a namespace.
func URLs() []urls.Pattern {
	return []urls.Pattern{
		urls.Path("", list, "list"),
		urls.Path("like/<int:id>/", like, "like"),
		urls.Path("<int:year>/<slug:slug>/", detail, "detail"),
		// The exports change only when articles do: cached for five minutes.
		urls.Path("articles.csv", cachehttp.CachePage(nil, 5*time.Minute)(web.HandlerFunc(csvExport)), "csv"),
		urls.Path("articles.json", cachehttp.CachePage(nil, 5*time.Minute)(web.HandlerFunc(jsonExport)), "json"),
	}
}

// Latest returns the n newest articles with their categories.
func Latest(ctx context.Context, n int) ([]*Article, error) {
	return Articles.All().SelectRelated("category").Limit(int64(n)).All(ctx)
}

func list(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	// One query for the articles and their categories, one for all their
	// tags: no N+1, whatever the number of articles.
	all, err := Articles.All().SelectRelated("category").PrefetchRelated("tags").All(ctx)
	if err != nil {
		return err
	}
	years, err := CountsByYear(ctx)
	if err != nil {
		return err
	}
	return web.Render(w, r, "articles/list.html", web.Context{"articles": all, "years": years})
}

func detail(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	year, _ := urls.Int(r, "year")
	a, err := Articles.Filter("published__year", year).SelectRelated("category").PrefetchRelated("tags").
		Get(ctx, "slug", r.PathValue("slug"))
	if errors.Is(err, orm.ErrDoesNotExist) {
		return web.NotFound("no article %d/%s", year, r.PathValue("slug"))
	}
	if err != nil {
		return err
	}
	comments, err := orm.Related[Comment](a, "comments").All(ctx)
	if err != nil {
		return err
	}
	return web.Render(w, r, "articles/detail.html", web.Context{"article": a, "comments": comments})
}

// like counts one more "like" for an article: the AJAX action of the
// detail page, which posts with the X-CSRFToken header. The increment is
// done by the database (likes = likes + 1), so clicks at the same moment
// are all counted.
func like(w http.ResponseWriter, r *http.Request) error {
	if r.Method != http.MethodPost {
		return web.MethodNotAllowed(http.MethodPost)
	}
	id, _ := urls.Int(r, "id")
	ctx := r.Context()
	n, err := Articles.Filter("id", id).Update(ctx, orm.Set{"likes": orm.F("likes").Add(1)})
	if err != nil {
		return err
	}
	if n == 0 {
		return web.NotFound("no article %d", id)
	}
	a, err := Articles.All().Only("likes").Get(ctx, "id", id)
	if err != nil {
		return err
	}
	return web.JSON(w, http.StatusOK, map[string]int64{"likes": a.Likes})
}

// csvExport downloads the articles as a spreadsheet.
func csvExport(w http.ResponseWriter, r *http.Request) error {
	all, err := Articles.All().All(r.Context())
	if err != nil {
		return err
	}
	rows := [][]string{{"title", "author", "published", "url"}}
	for _, a := range all {
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
	all, err := Articles.All().All(r.Context())
	if err != nil {
		return err
	}
	var out []articleJSON
	for _, a := range all {
		u, err := web.SiteOf(r).Reverse("articles:detail", a.Year(), a.Slug)
		if err != nil {
			return err
		}
		out = append(out, articleJSON{a.Title, a.Slug, a.Author, a.Published.Format("2006-01-02T15:04:05Z07:00"), u})
	}
	return web.JSON(w, http.StatusOK, out)
}
