"""The app bench/server_load.py serves: a generator that streams five steps and keeps a State.

Each session's job remembers its value in a ``gr.State`` (so an idle session holds state, as
real ones do) and yields five steps 20 ms apart, so a thousand sessions' streams are open at
once. ``concurrency_limit=None``: the server, not the app's queue, is what is measured.
Written ``import gradio as gr`` so that it runs under Gradio 4.44.1 and under blockspec.
"""

import time

import gradio as gr

STEPS = 5


def count(value, seen):
    seen = (seen or []) + [value]
    for step in range(STEPS):
        time.sleep(0.02)
        yield f"{value}:{step}", seen


with gr.Blocks() as demo:
    box = gr.Textbox()
    seen = gr.State()
    box.submit(count, [box, seen], [box, seen], api_name="count", concurrency_limit=None)


if __name__ == "__main__":
    import os

    demo.queue(default_concurrency_limit=None)
    demo.launch(server_name="127.0.0.1", server_port=int(os.environ["PORT"]), quiet=True)
