// notes: Markdown notes kept on the node, a web app in the WAGI style (one run per request:
// the request in CGI variables and on stdin, the answer on stdout). Notes are files
// /data/notes/<slug>.md in the app's own folder.
//   GET  /               the list, and a form for a new note
//   POST /               title=…&body=… → saved, 303 to the note
//   GET  /<slug>         the note, rendered (headings, paragraphs, lists, code, emphasis, links)
//   POST /<slug>/delete  → removed, 303 to the list
// Every piece of text is HTML-escaped; links go only to http(s) or relative URLs.
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <dirent.h>
#include <unistd.h>

#define MAX_BODY (1 << 20)

static const char *env (const char *name) { const char *value = getenv(name); return value == NULL ? "" : value; }

static void escape (const char *text, size_t length) {
  for (size_t i = 0; i < length; i++) {
    switch (text[i]) {
      case '&': fputs("&amp;", stdout); break;
      case '<': fputs("&lt;", stdout); break;
      case '>': fputs("&gt;", stdout); break;
      case '"': fputs("&quot;", stdout); break;
      case '\'': fputs("&#39;", stdout); break;
      default: putchar(text[i]);
    }
  }
}

static void escapes (const char *text) { escape(text, strlen(text)); }

static void page_start_with (const char *status, const char *header, const char *title) {
  printf("Status: %s\n%sContent-Type: text/html; charset=utf-8\n\n<!doctype html><html><head><meta charset=\"utf-8\">"
         "<meta name=\"viewport\" content=\"width=device-width\"><title>", status, header);
  escapes(title);
  fputs("</title></head><body><main>", stdout);
}

static void page_start (const char *status, const char *title) { page_start_with(status, "", title); }

static void page_end (void) { fputs("</main></body></html>\n", stdout); }

static int error_page (const char *status, const char *message) {
  // A 405 names the methods the path takes; its message says which ("Only GET and POST", …).
  const char *allow = strncmp(status, "405", 3) != 0 ? "" : strstr(message, "GET and POST") != NULL ? "Allow: GET, HEAD, POST\n" : strstr(message, "POST") != NULL ? "Allow: POST\n" : "Allow: GET, HEAD\n";
  page_start_with(status, allow, message);
  fputs("<h1>", stdout); escapes(message); fputs("</h1><p><a href=\"", stdout); escapes(env("SCRIPT_NAME")); fputs("/\">All notes</a></p>", stdout);
  page_end();
  return 0;
}

// A slug: 1–48 of a-z 0-9 -, nothing else (so never "..", "/" or a hidden file).
static int valid_slug (const char *slug, size_t length) {
  if (length == 0 || length > 48) return 0;
  for (size_t i = 0; i < length; i++) if (!((slug[i] >= 'a' && slug[i] <= 'z') || (slug[i] >= '0' && slug[i] <= '9') || slug[i] == '-')) return 0;
  return 1;
}

static void slug_of (const char *title, char *slug) {
  size_t n = 0;
  int dash = 0;
  for (const char *c = title; *c != 0 && n < 48; c++) {
    char lower = (*c >= 'A' && *c <= 'Z') ? (char)(*c + 32) : *c;
    if ((lower >= 'a' && lower <= 'z') || (lower >= '0' && lower <= '9')) { if (dash && n > 0) slug[n++] = '-'; dash = 0; if (n < 48) slug[n++] = lower; }
    else dash = 1;
  }
  slug[n] = 0;
}

static int hex_value (char c) { return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1; }

// Decodes one application/x-www-form-urlencoded field `name` of `form` into a new string.
static char *form_field (const char *form, const char *name) {
  size_t name_length = strlen(name);
  for (const char *at = form; at != NULL && *at != 0; at = strchr(at, '&'), at = at == NULL ? NULL : at + 1) {
    if (strncmp(at, name, name_length) != 0 || at[name_length] != '=') continue;
    const char *value = at + name_length + 1;
    size_t length = strcspn(value, "&");
    char *out = malloc(length + 1), *o = out;
    if (out == NULL) return NULL;
    for (size_t i = 0; i < length; i++) {
      if (value[i] == '+') *o++ = ' ';
      else if (value[i] == '%' && i + 2 < length + 1 && hex_value(value[i + 1]) >= 0 && hex_value(value[i + 2]) >= 0) { *o++ = (char)(hex_value(value[i + 1]) * 16 + hex_value(value[i + 2])); i += 2; }
      else *o++ = value[i];
    }
    *o = 0;
    return out;
  }
  return NULL;
}

static int safe_url (const char *url, size_t length) {
  if (length >= 7 && strncmp(url, "http://", 7) == 0) return 1;
  if (length >= 8 && strncmp(url, "https://", 8) == 0) return 1;
  for (size_t i = 0; i < length; i++) { if (url[i] == ':') return 0; if (url[i] == '/' || url[i] == '?' || url[i] == '#') break; }
  return 1;
}

// Inline Markdown: `code`, **strong**, *em*, [text](url); the rest escaped.
static void inline_markdown (const char *text, size_t length) {
  size_t i = 0;
  while (i < length) {
    const char *rest = text + i;
    size_t left = length - i;
    if (rest[0] == '`') {
      const char *end = memchr(rest + 1, '`', left - 1);
      if (end != NULL) { fputs("<code>", stdout); escape(rest + 1, (size_t)(end - rest - 1)); fputs("</code>", stdout); i += (size_t)(end - rest) + 1; continue; }
    }
    if (left > 3 && rest[0] == '*' && rest[1] == '*') {
      const char *end = NULL;
      for (size_t j = 2; j + 1 < left; j++) if (rest[j] == '*' && rest[j + 1] == '*') { end = rest + j; break; }
      if (end != NULL) { fputs("<strong>", stdout); inline_markdown(rest + 2, (size_t)(end - rest - 2)); fputs("</strong>", stdout); i += (size_t)(end - rest) + 2; continue; }
    }
    if (left > 2 && rest[0] == '*') {
      const char *end = memchr(rest + 1, '*', left - 1);
      if (end != NULL && end > rest + 1) { fputs("<em>", stdout); inline_markdown(rest + 1, (size_t)(end - rest - 1)); fputs("</em>", stdout); i += (size_t)(end - rest) + 1; continue; }
    }
    if (rest[0] == '[') {
      const char *close = memchr(rest, ']', left);
      if (close != NULL && (size_t)(close - rest) + 1 < left && close[1] == '(') {
        const char *end = memchr(close + 2, ')', left - (size_t)(close - rest) - 2);
        size_t url_length = end == NULL ? 0 : (size_t)(end - close - 2);
        if (end != NULL && safe_url(close + 2, url_length)) {
          fputs("<a href=\"", stdout); escape(close + 2, url_length); fputs("\" rel=\"noopener noreferrer\">", stdout);
          inline_markdown(rest + 1, (size_t)(close - rest - 1)); fputs("</a>", stdout);
          i += (size_t)(end - rest) + 1;
          continue;
        }
      }
    }
    escape(rest, 1);
    i++;
  }
}

// Block Markdown, line by line: #/##/### headings, "- " lists, ``` fences, paragraphs.
static void render (const char *text) {
  int in_list = 0, in_code = 0, in_paragraph = 0;
  for (const char *line = text; *line != 0;) {
    size_t length = strcspn(line, "\n");
    size_t visible = length > 0 && line[length - 1] == '\r' ? length - 1 : length;
    if (visible >= 3 && strncmp(line, "```", 3) == 0) {
      if (in_paragraph) { fputs("</p>", stdout); in_paragraph = 0; }
      if (in_list) { fputs("</ul>", stdout); in_list = 0; }
      fputs(in_code ? "</code></pre>" : "<pre><code>", stdout);
      in_code = !in_code;
    } else if (in_code) {
      escape(line, visible); putchar('\n');
    } else if (visible == 0) {
      if (in_paragraph) { fputs("</p>", stdout); in_paragraph = 0; }
      if (in_list) { fputs("</ul>", stdout); in_list = 0; }
    } else if (line[0] == '#') {
      size_t level = 0;
      while (level < visible && level < 3 && line[level] == '#') level++;
      size_t skip = level < visible && line[level] == ' ' ? level + 1 : level;
      if (in_paragraph) { fputs("</p>", stdout); in_paragraph = 0; }
      if (in_list) { fputs("</ul>", stdout); in_list = 0; }
      printf("<h%zu>", level + 1); inline_markdown(line + skip, visible - skip); printf("</h%zu>", level + 1);
    } else if (visible >= 2 && (line[0] == '-' || line[0] == '*') && line[1] == ' ') {
      if (in_paragraph) { fputs("</p>", stdout); in_paragraph = 0; }
      if (!in_list) { fputs("<ul>", stdout); in_list = 1; }
      fputs("<li>", stdout); inline_markdown(line + 2, visible - 2); fputs("</li>", stdout);
    } else {
      if (in_list) { fputs("</ul>", stdout); in_list = 0; }
      fputs(in_paragraph ? "\n" : "<p>", stdout);
      in_paragraph = 1;
      inline_markdown(line, visible);
    }
    line += length;
    if (*line == '\n') line++;
  }
  if (in_paragraph) fputs("</p>", stdout);
  if (in_list) fputs("</ul>", stdout);
  if (in_code) fputs("</code></pre>", stdout);
}

static char *read_file (const char *path) {
  FILE *file = fopen(path, "rb");
  if (file == NULL) return NULL;
  char *text = malloc(MAX_BODY + 1);
  size_t n = text == NULL ? 0 : fread(text, 1, MAX_BODY, file);
  fclose(file);
  if (text != NULL) text[n] = 0;
  return text;
}

static int list_notes (void) {
  const char *title = env("NOTES_TITLE")[0] != 0 ? env("NOTES_TITLE") : "Notes";
  page_start("200 OK", title);
  fputs("<h1>", stdout); escapes(title); fputs("</h1><ul>", stdout);
  DIR *directory = opendir("/data/notes");
  int count = 0;
  for (struct dirent *entry; directory != NULL && (entry = readdir(directory)) != NULL;) {
    size_t length = strlen(entry->d_name);
    if (length < 4 || strcmp(entry->d_name + length - 3, ".md") != 0 || !valid_slug(entry->d_name, length - 3)) continue;
    fputs("<li><a href=\"", stdout); escapes(env("SCRIPT_NAME")); putchar('/'); escape(entry->d_name, length - 3); fputs("\">", stdout);
    escape(entry->d_name, length - 3); fputs("</a></li>", stdout);
    count++;
  }
  if (directory != NULL) closedir(directory);
  fputs("</ul>", stdout);
  if (count == 0) fputs("<p>No notes yet.</p>", stdout);
  fputs("<form method=\"post\" action=\"", stdout); escapes(env("SCRIPT_NAME"));
  fputs("/\"><p><label>Title <input name=\"title\" required maxlength=\"48\"></label></p>"
        "<p><label>Note (Markdown)<br><textarea name=\"body\" rows=\"12\" cols=\"60\"></textarea></label></p>"
        "<p><button>Save</button></p></form>", stdout);
  page_end();
  return 0;
}

static int show_note (const char *slug) {
  char path[128];
  snprintf(path, sizeof path, "/data/notes/%s.md", slug);
  char *text = read_file(path);
  if (text == NULL) return error_page("404 Not Found", "No such note");
  page_start("200 OK", slug);
  fputs("<p><a href=\"", stdout); escapes(env("SCRIPT_NAME")); fputs("/\">All notes</a></p><article>", stdout);
  render(text);
  fputs("</article><form method=\"post\" action=\"", stdout); escapes(env("SCRIPT_NAME")); putchar('/'); escapes(slug);
  fputs("/delete\"><button>Delete this note</button></form>", stdout);
  page_end();
  free(text);
  return 0;
}

static int save_note (void) {
  const char *declared = env("CONTENT_LENGTH");
  char *end;
  long length = declared[0] == 0 ? 0 : strtol(declared, &end, 10);
  if (declared[0] != 0 && (*end != 0 || length < 0)) return error_page("400 Bad Request", "A bad Content-Length");
  if (length > MAX_BODY) return error_page("413 Content Too Large", "A note is at most 1 MiB");
  char *form = malloc((size_t)length + 1);
  if (form == NULL) return error_page("500 Internal Server Error", "Out of memory");
  size_t got = fread(form, 1, (size_t)length, stdin);
  form[got] = 0;
  char *title = form_field(form, "title"), *body = form_field(form, "body");
  char slug[49];
  slug_of(title == NULL ? "" : title, slug);
  if (!valid_slug(slug, strlen(slug))) return error_page("400 Bad Request", "A note needs a title with letters or digits");
  mkdir("/data/notes", 0700);
  char temporary[128], path[128];
  snprintf(temporary, sizeof temporary, "/data/notes/.%s.tmp", slug);
  snprintf(path, sizeof path, "/data/notes/%s.md", slug);
  FILE *file = fopen(temporary, "wb");
  if (file == NULL) return error_page("500 Internal Server Error", strerror(errno));
  const char *text = body == NULL ? "" : body;
  // Written whole, flushed to disk, then renamed over the old note: a power cut keeps one or the other.
  int failed = fwrite(text, 1, strlen(text), file) != strlen(text);
  failed |= fflush(file) != 0 || fsync(fileno(file)) != 0;
  failed |= fclose(file) != 0;
  if (failed || rename(temporary, path) != 0) { unlink(temporary); return error_page("507 Insufficient Storage", "The note could not be saved"); }
  printf("Status: 303 See Other\nLocation: %s/%s\nContent-Type: text/plain\n\nSaved.\n", env("SCRIPT_NAME"), slug);
  return 0;
}

static int delete_note (const char *slug) {
  char path[128];
  snprintf(path, sizeof path, "/data/notes/%s.md", slug);
  if (unlink(path) != 0) return error_page("404 Not Found", "No such note");
  printf("Status: 303 See Other\nLocation: %s/\nContent-Type: text/plain\n\nDeleted.\n", env("SCRIPT_NAME"));
  return 0;
}

int main (void) {
  const char *method = env("REQUEST_METHOD");
  const char *path = env("PATH_INFO");
  int get = strcmp(method, "GET") == 0 || strcmp(method, "HEAD") == 0, post = strcmp(method, "POST") == 0;
  if (path[0] == 0 || strcmp(path, "/") == 0) {
    if (get) return list_notes();
    if (post) return save_note();
    return error_page("405 Method Not Allowed", "Only GET and POST");
  }
  if (path[0] != '/') return error_page("404 Not Found", "No such note");
  const char *slug = path + 1;
  size_t length = strcspn(slug, "/");
  if (!valid_slug(slug, length)) return error_page("404 Not Found", "No such note");
  char name[49];
  memcpy(name, slug, length);
  name[length] = 0;
  if (slug[length] == 0) return get ? show_note(name) : error_page("405 Method Not Allowed", "Only GET");
  if (strcmp(slug + length, "/delete") == 0) return post ? delete_note(name) : error_page("405 Method Not Allowed", "Only POST");
  return error_page("404 Not Found", "No such note");
}
