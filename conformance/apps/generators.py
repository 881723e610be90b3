"""Fixture: a generator whose list grows then shrinks by two; a batch function; State per
session (conformance cases GENERATOR.DIFFS.1, LISTENER.BATCH.*, STATE.SESSION.1)."""

import os
import time

import gradio as gr

DURATIONS = {"grow": 0.5, "sizes": 1.0}
SCALE = float(os.environ.get("CONFORM_SCALE") or 0)


def pause(name):
    if SCALE:
        time.sleep(DURATIONS[name] * SCALE)


def grow():
    for value in ([1], [1, 2, 3], [1, 2, 3, 4], [1]):
        pause("grow")
        yield value


def sizes(words):
    pause("sizes")
    return ([f"{w}:{len(words)}" for w in words],)


def bump(n):
    n = n + 1
    return n, f"count:{n}"


with gr.Blocks() as demo:
    data = gr.JSON(elem_id="data")
    go = gr.Button("Go", elem_id="go")
    go.click(grow, None, data)
    word = gr.Textbox(elem_id="word")
    sized = gr.Textbox(elem_id="sized")
    batch_btn = gr.Button("Batch", elem_id="batch_btn")
    batch_btn.click(sizes, word, sized, batch=True, max_batch_size=3)
    count = gr.State(0)
    shown = gr.Textbox(elem_id="shown")
    plus = gr.Button("Plus", elem_id="plus")
    plus.click(bump, count, [count, shown])

demo.queue()

if __name__ == "__main__":
    demo.launch(server_name="127.0.0.1", server_port=int(os.environ.get("PORT", "7860")))
