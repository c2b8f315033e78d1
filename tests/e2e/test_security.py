"""The page runs under the strict content security policy of tauri.conf.json."""
from conftest import launch, strings

EN = strings("en")


def test_inline_styles_and_scripts_are_refused(profile):
    with launch(profile, locale="en_US.UTF-8") as app:
        app.wait_text("#welcome-title", EN["welcome.title"])
        outcome = app.driver.execute_script(
            """
            const probe = document.createElement("div");
            probe.setAttribute("style", "color: rgb(255, 0, 0)");
            document.body.append(probe);
            const inlineStyle = getComputedStyle(probe).color === "rgb(255, 0, 0)";
            const script = document.createElement("script");
            script.textContent = "window.inlineScriptRan = true";
            document.body.append(script);
            probe.remove(); script.remove();
            return { inlineStyle, inlineScript: window.inlineScriptRan === true };
            """
        )
        assert outcome["inlineStyle"] is False, "an inline style attribute was applied"
        assert outcome["inlineScript"] is False, "an inline script ran"
        # The violation reports arrive asynchronously; collect (and clear) them.
        app.driver.set_script_timeout(10)
        reported = app.driver.execute_async_script(
            "const done = arguments[arguments.length - 1];"
            "setTimeout(() => done(window.passerelleCspViolations.splice(0)), 500);"
        )
        assert any("style-src" in v for v in reported), reported
        assert any("script-src" in v for v in reported), reported
