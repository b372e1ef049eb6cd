// Dates as Vietnamese write them, in every browser locale: dd/mm/yyyy text boxes.
//
// What is typed is tidied when the box is left: 12082012, 12/8/2012, 12-8-2012 and 12.8.2012
// all become 12/08/2012, and 2012-08-12 too. A date that does not exist (31/02/2012) gets a
// message naming the field, and the server checks it again. Boxes marked data-date-input
// also get a calendar button; the admin's own date boxes (.vDateField) keep Django's.
// The words come from the page (#date-input-strings), month and day names from Intl in the
// page's language, so nothing depends on the browser's locale.
"use strict";

(function () {
  var STRINGS = {};

  function pad(number) {
    return (number < 10 ? "0" : "") + number;
  }

  // {day, month, year} for a typed date, {invalid: true} for one that does not exist,
  // null for text that is not a date at all.
  function read(text) {
    var value = (text || "").trim();
    var found;
    var day;
    var month;
    var year;
    if ((found = /^(\d{2})(\d{2})(\d{4})$/.exec(value))) {
      day = found[1];
      month = found[2];
      year = found[3];
    } else if ((found = /^(\d{1,2})[\/.\-](\d{1,2})[\/.\-](\d{4}|\d{2})$/.exec(value))) {
      day = found[1];
      month = found[2];
      year = found[3];
      if (year.length === 2) {
        year = Number(year) + (Number(year) < 69 ? 2000 : 1900); // as Python's %y reads it
      }
    } else if ((found = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(value))) {
      year = found[1];
      month = found[2];
      day = found[3];
    } else {
      return null;
    }
    day = Number(day);
    month = Number(month);
    year = Number(year);
    var date = new Date(Date.UTC(year, month - 1, day));
    if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) {
      return { invalid: true };
    }
    return { day: day, month: month, year: year };
  }

  function show(date) {
    return pad(date.day) + "/" + pad(date.month) + "/" + date.year;
  }

  function fieldName(input) {
    var label = input.id ? document.querySelector('label[for="' + input.id + '"]') : null;
    var text = label ? label.textContent : input.getAttribute("aria-label") || input.name;
    return text.replace(/[:\s]+$/, "").trim();
  }

  function message(input, text) {
    var id = (input.id || input.name) + "-date-message";
    var note = document.getElementById(id);
    if (!text) {
      if (note) {
        note.remove();
      }
      input.removeAttribute("aria-invalid");
      var described = (input.getAttribute("aria-describedby") || "").replace(id, "").trim();
      if (described) {
        input.setAttribute("aria-describedby", described);
      } else {
        input.removeAttribute("aria-describedby");
      }
      return;
    }
    if (!note) {
      note = document.createElement("p");
      note.id = id;
      note.className = "date-message";
      note.setAttribute("role", "alert");
      // After the box, its calendar button, or the admin's "Today | calendar" links.
      var after = input.closest(".date-field") || input;
      var next = after.nextElementSibling;
      if (next && next.classList.contains("datetimeshortcuts")) {
        after = next;
      }
      after.insertAdjacentElement("afterend", note);
      var describedBy = input.getAttribute("aria-describedby");
      input.setAttribute("aria-describedby", describedBy ? describedBy + " " + id : id);
    }
    note.textContent = text;
    input.setAttribute("aria-invalid", "true");
  }

  // Tidy the box's text; say so when it is not a real date. Returns the date or null.
  function tidy(input) {
    var value = input.value.trim();
    if (!value) {
      message(input, "");
      return null;
    }
    var date = read(value);
    if (date && !date.invalid) {
      input.value = show(date);
      message(input, "");
      return date;
    }
    var template = STRINGS.invalid || "%(field)s: “%(value)s” is not a real date.";
    message(input, template.replace("%(field)s", fieldName(input)).replace("%(value)s", value));
    return null;
  }

  // The calendar: one at a time, under its box.
  var open = null;

  function names(language) {
    var monthYear = new Intl.DateTimeFormat(language, { month: "long", year: "numeric", timeZone: "UTC" });
    var weekday = new Intl.DateTimeFormat(language, { weekday: "short", timeZone: "UTC" });
    var longWeekday = new Intl.DateTimeFormat(language, { weekday: "long", timeZone: "UTC" });
    var full = new Intl.DateTimeFormat(language, { dateStyle: "full", timeZone: "UTC" });
    return { monthYear: monthYear, weekday: weekday, longWeekday: longWeekday, full: full };
  }

  function utc(year, month, day) {
    return new Date(Date.UTC(year, month - 1, day));
  }

  function close(restoreFocus) {
    if (!open) {
      return;
    }
    var current = open;
    open = null;
    current.panel.remove();
    current.button.setAttribute("aria-expanded", "false");
    if (restoreFocus) {
      current.input.focus();
    }
  }

  function button(className, label, text) {
    var element = document.createElement("button");
    element.type = "button";
    element.className = className;
    element.setAttribute("aria-label", label);
    element.textContent = text;
    return element;
  }

  function draw(state) {
    var panel = state.panel;
    var language = document.documentElement.lang || "vi";
    var words = names(language);
    var shown = state.shown; // a Date (UTC) in the month shown
    var year = shown.getUTCFullYear();
    var month = shown.getUTCMonth() + 1;
    panel.querySelector(".calendar__title").textContent = words.monthYear.format(utc(year, month, 1));
    var body = panel.querySelector("tbody");
    body.textContent = "";
    // Weeks start on Monday, as Vietnamese calendars do.
    var first = utc(year, month, 1);
    var offset = (first.getUTCDay() + 6) % 7;
    var cursor = utc(year, month, 1 - offset);
    var chosen = read(state.input.value);
    var today = new Date();
    for (var week = 0; week < 6; week += 1) {
      var row = document.createElement("tr");
      for (var weekday = 0; weekday < 7; weekday += 1) {
        var cell = document.createElement("td");
        var day = document.createElement("button");
        day.type = "button";
        day.className = "calendar__day";
        var date = { day: cursor.getUTCDate(), month: cursor.getUTCMonth() + 1, year: cursor.getUTCFullYear() };
        day.dataset.date = show(date);
        day.textContent = String(date.day);
        day.setAttribute("aria-label", words.full.format(cursor));
        day.tabIndex = -1;
        if (date.month !== month) {
          day.classList.add("calendar__day--outside");
        }
        if (chosen && !chosen.invalid && show(chosen) === show(date)) {
          day.classList.add("calendar__day--chosen");
          day.setAttribute("aria-pressed", "true");
        }
        if (date.day === today.getDate() && date.month === today.getMonth() + 1 && date.year === today.getFullYear()) {
          day.classList.add("calendar__day--today");
          day.setAttribute("aria-current", "date");
        }
        if (date.day === shown.getUTCDate() && date.month === month) {
          day.tabIndex = 0;
        }
        cell.appendChild(day);
        row.appendChild(cell);
        cursor = utc(cursor.getUTCFullYear(), cursor.getUTCMonth() + 1, cursor.getUTCDate() + 1);
      }
      body.appendChild(row);
    }
  }

  function focusShown(state) {
    var target = state.panel.querySelector(".calendar__day[tabindex='0']");
    if (target) {
      target.focus();
    }
  }

  function move(state, days, months) {
    var shown = state.shown;
    var year = shown.getUTCFullYear();
    var month = shown.getUTCMonth() + months;
    var day = shown.getUTCDate();
    if (months) {
      // The 31st moves to the last day of a shorter month.
      var last = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
      day = Math.min(day, last);
    }
    state.shown = new Date(Date.UTC(year, month, day + days));
    draw(state);
    focusShown(state);
  }

  function choose(state, text) {
    state.input.value = text;
    tidy(state.input);
    state.input.dispatchEvent(new Event("change", { bubbles: true }));
    close(true);
  }

  function onKey(state, event) {
    var keys = {
      ArrowLeft: [-1, 0],
      ArrowRight: [1, 0],
      ArrowUp: [-7, 0],
      ArrowDown: [7, 0],
      PageUp: [0, event.shiftKey ? -12 : -1],
      PageDown: [0, event.shiftKey ? 12 : 1],
    };
    if (event.key === "Escape") {
      event.preventDefault();
      close(true);
    } else if (keys[event.key] && event.target.classList.contains("calendar__day")) {
      event.preventDefault();
      move(state, keys[event.key][0], keys[event.key][1]);
    }
  }

  function openFor(input, opener) {
    close(false);
    var wrapper = input.closest(".date-field");
    var panel = document.createElement("div");
    panel.className = "calendar";
    panel.setAttribute("role", "dialog");
    panel.setAttribute("aria-label", STRINGS.calendar || "Calendar");
    var head = document.createElement("div");
    head.className = "calendar__head";
    var title = document.createElement("span");
    title.className = "calendar__title";
    title.setAttribute("aria-live", "polite");
    head.appendChild(button("calendar__nav", STRINGS.previousYear || "Previous year", "«"));
    head.appendChild(button("calendar__nav", STRINGS.previousMonth || "Previous month", "‹"));
    head.appendChild(title);
    head.appendChild(button("calendar__nav", STRINGS.nextMonth || "Next month", "›"));
    head.appendChild(button("calendar__nav", STRINGS.nextYear || "Next year", "»"));
    panel.appendChild(head);
    var table = document.createElement("table");
    table.className = "calendar__grid";
    var headRow = document.createElement("tr");
    var words = names(document.documentElement.lang || "vi");
    for (var index = 0; index < 7; index += 1) {
      var monday = utc(2024, 1, 1 + index); // 1 January 2024 was a Monday
      var th = document.createElement("th");
      th.scope = "col";
      th.abbr = words.longWeekday.format(monday);
      th.textContent = words.weekday.format(monday);
      headRow.appendChild(th);
    }
    var thead = document.createElement("thead");
    thead.appendChild(headRow);
    table.appendChild(thead);
    table.appendChild(document.createElement("tbody"));
    panel.appendChild(table);
    var today = document.createElement("button");
    today.type = "button";
    today.className = "calendar__today";
    today.textContent = STRINGS.today || "Today";
    panel.appendChild(today);
    wrapper.appendChild(panel);

    var chosen = read(input.value);
    var now = new Date();
    var state = {
      input: input,
      button: opener,
      panel: panel,
      shown:
        chosen && !chosen.invalid
          ? utc(chosen.year, chosen.month, chosen.day)
          : utc(now.getFullYear(), now.getMonth() + 1, now.getDate()),
    };
    var navs = head.querySelectorAll(".calendar__nav");
    navs[0].addEventListener("click", function () { move(state, 0, -12); });
    navs[1].addEventListener("click", function () { move(state, 0, -1); });
    navs[2].addEventListener("click", function () { move(state, 0, 1); });
    navs[3].addEventListener("click", function () { move(state, 0, 12); });
    today.addEventListener("click", function () {
      choose(state, show({ day: now.getDate(), month: now.getMonth() + 1, year: now.getFullYear() }));
    });
    panel.addEventListener("click", function (event) {
      var day = event.target.closest(".calendar__day");
      if (day) {
        choose(state, day.dataset.date);
      }
    });
    panel.addEventListener("keydown", function (event) { onKey(state, event); });
    open = state;
    opener.setAttribute("aria-expanded", "true");
    draw(state);
    // Near the right edge (a phone, the last box of a row) it opens leftwards.
    if (panel.getBoundingClientRect().right > document.documentElement.clientWidth) {
      panel.classList.add("calendar--leftwards");
    }
    focusShown(state);
  }

  function enhance(input) {
    if (input.dataset.dateReady) {
      return;
    }
    input.dataset.dateReady = "true";
    input.addEventListener("change", function () { tidy(input); });
    if (!input.hasAttribute("data-date-input")) {
      return; // the admin's date boxes keep Django's calendar
    }
    var wrapper = document.createElement("span");
    wrapper.className = "date-field";
    input.parentNode.insertBefore(wrapper, input);
    wrapper.appendChild(input);
    var opener = button("date-field__open", (STRINGS.open || "Choose on the calendar") + ": " + fieldName(input), "");
    opener.setAttribute("aria-haspopup", "dialog");
    opener.setAttribute("aria-expanded", "false");
    wrapper.appendChild(opener);
    opener.addEventListener("click", function () {
      if (open && open.input === input) {
        close(true);
      } else {
        openFor(input, opener);
      }
    });
  }

  function start() {
    var source = document.getElementById("date-input-strings");
    if (source) {
      try {
        STRINGS = JSON.parse(source.textContent);
      } catch (error) {
        STRINGS = {};
      }
    }
    var inputs = document.querySelectorAll("input[data-date-input], input.vDateField");
    inputs.forEach(enhance);
    // What is typed is tidied before the form goes, also when Enter is pressed in the box.
    document.addEventListener("submit", function (event) {
      event.target.querySelectorAll("input[data-date-input], input.vDateField").forEach(tidy);
    }, true);
    document.addEventListener("click", function (event) {
      if (open && !open.panel.contains(event.target) && event.target !== open.button) {
        close(false);
      }
    });
    // Rows the admin adds to an inline later have date boxes too.
    document.addEventListener("formset:added", function (event) {
      event.target.querySelectorAll("input.vDateField").forEach(enhance);
    });
  }

  window.registryDates = { read: read, show: show };

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
