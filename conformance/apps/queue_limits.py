"""Fixture: one slow function per concurrency setting (conformance cases QUEUE.*, LISTENER.CONCURRENCY_*)."""

import os
import time

import gradio as gr

# Modelled seconds per function: the simulator uses them as durations; a real-time target
# sleeps them, scaled by CONFORM_SCALE.
DURATIONS = {"slow": 1.0, "pair": 1.0, "free": 1.0, "heavy": 1.0, "light": 1.0}
SCALE = float(os.environ.get("CONFORM_SCALE") or 0)


def pause(name):
    if SCALE:
        time.sleep(DURATIONS[name] * SCALE)


def slow(x):
    pause("slow")
    return f"slow:{x}"


def pair(x):
    pause("pair")
    return f"pair:{x}"


def free(x):
    pause("free")
    return f"free:{x}"


def heavy(x):
    pause("heavy")
    return f"heavy:{x}"


def light(x):
    pause("light")
    return f"light:{x}"


with gr.Blocks() as demo:
    text = gr.Textbox(elem_id="text")
    out = gr.Textbox(elem_id="out")
    run = gr.Button("Run", elem_id="run")
    pair_btn = gr.Button("Pair", elem_id="pair_btn")
    free_btn = gr.Button("Free", elem_id="free_btn")
    heavy_btn = gr.Button("Heavy", elem_id="heavy_btn")
    light_btn = gr.Button("Light", elem_id="light_btn")
    run.click(slow, text, out)
    pair_btn.click(pair, text, out, concurrency_limit=2)
    free_btn.click(free, text, out, concurrency_limit=None)
    heavy_btn.click(heavy, text, out, concurrency_limit=3, concurrency_id="gpu")
    light_btn.click(light, text, out, concurrency_limit=1, concurrency_id="gpu")

demo.queue()

if __name__ == "__main__":
    demo.launch(server_name="127.0.0.1", server_port=int(os.environ.get("PORT", "7860")))
