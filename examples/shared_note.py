# A planted race for seed campaigns: two listeners of one click share one store.
# "Publish" saves the note (in the "writes" concurrency group) and reads it back into
# "Shared" (in the "reads" group). The author assumed listeners run in the order they were
# defined; Gradio promises FIFO *within* a concurrency group and nothing *across* groups, so
# either may run first. shared_note.toml expects the note read back -- true for some seeds
# only. `blockspec simulate examples/shared_note.py
# --seeds 0..199` finds the failing seeds and shrinks the scenario to the few steps that
# matter. The rest of the scenario (a streamed summary, a Stop, a tab closed mid-stream)
# is noise the shrinker removes -- and gives the seeds something to explore.
import gradio as gr

store = {"note": ""}


def save(text):
    store["note"] = text
    return f"saved {len(text)} characters"


def load():
    return store["note"]


def summarize(text):
    words = []
    for word in (text or "nothing to summarize").split():
        words.append(word.upper())
        yield " ".join(words)


def goodbye():
    store["visits"] = store.get("visits", 0) + 1


with gr.Blocks(title="Shared note") as demo:
    note = gr.Textbox(label="Note")
    status = gr.Textbox(label="Status")
    publish = gr.Button("Publish")
    shared = gr.Textbox(label="Shared")
    summary_btn = gr.Button("Summarize")
    stop_btn = gr.Button("Stop")
    summary = gr.Textbox(label="Summary")
    publish.click(save, note, status, concurrency_limit=1, concurrency_id="writes")
    publish.click(load, None, shared, concurrency_id="reads")
    streaming = summary_btn.click(summarize, note, summary, concurrency_limit=2, concurrency_id="summaries")
    stop_btn.click(None, cancels=[streaming])
    demo.unload(goodbye)
