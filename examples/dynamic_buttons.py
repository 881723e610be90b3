"""gr.render: a button per word typed, each with its own click listener.

Each tab's buttons -- and their listeners -- are its own; typing re-renders them. Simulate
with ``blockspec simulate examples/dynamic_buttons.py`` (plays dynamic_buttons.toml).
"""

import time

import gradio as gr

with gr.Blocks() as demo:
    words = gr.Textbox(label="words")
    picked = gr.Textbox(label="picked")

    @gr.render(inputs=words)
    def buttons(text):
        time.sleep(0.5)  # a slow render: edits made meanwhile are merged (always_last)
        for word in text.split():
            gr.Button(word).click(lambda word=word: word.upper(), None, picked)


if __name__ == "__main__":
    demo.launch()
